import type { LatencyHistogram } from "./latency-histogram.ts";
import { type LoadClient, openLoadClient } from "./sse-load-client.ts";

/**
 * Source addresses for the load: each 127.0.0.x can hold ~28k connections to one server port
 * (the ephemeral port range), so 10k+ connections spread over several loopback addresses.
 */
export const sourceAddress = (index: number, perAddress = 4_000): string =>
  `127.0.0.${2 + Math.floor(index / perAddress)}`;

export interface ClientOnRun {
  readonly client: LoadClient;
  readonly run: number;
}

/** Opens S clients round-robin over R runs, at most `concurrency` handshakes at a time. */
export const openClients = async (
  count: number,
  runs: number,
  urlOf: (run: number) => string,
  options: {
    readonly seqSource: "id" | "data";
    readonly latency: LatencyHistogram;
    readonly reconnect?: boolean;
    readonly record?: boolean;
    readonly concurrency?: number;
  },
): Promise<ClientOnRun[]> => {
  const clients: ClientOnRun[] = [];
  const concurrency = options.concurrency ?? 200;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const run = index % runs;
      const client = openLoadClient({
        url: urlOf(run),
        localAddress: sourceAddress(index),
        seqSource: options.seqSource,
        latency: options.latency,
        ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
        ...(options.record === undefined ? {} : { record: options.record }),
      });
      clients.push({ client, run });
      await client.ready;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } catch (error) {
    for (const c of clients) c.client.close();
    throw error;
  }
  return clients;
};

export const closeClients = (clients: ReadonlyArray<ClientOnRun>): void => {
  for (const c of clients) c.client.close();
};
