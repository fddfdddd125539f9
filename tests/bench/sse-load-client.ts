import { request, type ClientRequest, Agent } from "node:http";

/**
 * The benchmarks' own SSE client: as light as possible so the load generator is not the
 * bottleneck. Checks every event's seq per connection (loss, duplicates, order) and measures
 * publish-to-receive latency from the event's server timestamp.
 */
export interface LoadClientStats {
  received: number;
  duplicates: number;
  outOfOrder: number;
  lastSeq: number;
  latencies: number[];
}

export interface LoadClient {
  readonly stats: LoadClientStats;
  readonly ready: Promise<void>;
  close: () => void;
}

const timestampPattern = /"timestamp":"([^"]+)"/;

export const openLoadClient = (url: string, agent: Agent, sampleEvery = 1): LoadClient => {
  const stats: LoadClientStats = { received: 0, duplicates: 0, outOfOrder: 0, lastSeq: 0, latencies: [] };
  let buffer = "";
  let req: ClientRequest | undefined;
  let count = 0;
  const ready = new Promise<void>((resolve, reject) => {
    req = request(url, { agent, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        res.resume();
        return;
      }
      res.setEncoding("utf8");
      let first = true;
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf("\n\n");
        while (end !== -1) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf("\n\n");
          if (!message.startsWith("id: ")) continue;
          const newline = message.indexOf("\n");
          const seq = Number(message.slice(4, newline));
          if (first) {
            // The snapshot: the starting point, not a delivery.
            first = false;
            stats.lastSeq = seq;
            resolve();
            continue;
          }
          if (seq === stats.lastSeq) stats.duplicates += 1;
          else if (seq < stats.lastSeq) stats.outOfOrder += 1;
          else stats.lastSeq = seq;
          stats.received += 1;
          count += 1;
          if (count % sampleEvery === 0) {
            const match = timestampPattern.exec(message);
            if (match?.[1] !== undefined) stats.latencies.push(Date.now() - Date.parse(match[1]));
          }
        }
      });
    });
    req.on("error", reject);
    req.end();
  });
  return { stats, ready, close: () => req?.destroy() };
};
