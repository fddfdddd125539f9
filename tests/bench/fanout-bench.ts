import type { FanoutTarget } from "./fanout-target.ts";
import { makeLatencyHistogram } from "./latency-histogram.ts";
import { closeClients, openClients } from "./open-clients.ts";
import { runPaced } from "./paced-publisher.ts";

export interface FanoutLoad {
  readonly subscribers: number;
  /** Events per second over all runs (run n % R gets event n). */
  readonly rate: number;
  readonly durationMs: number;
  readonly maxInFlight?: number;
  /** How long to wait for the last deliveries after publishing ends (default 30 s). */
  readonly drainMs?: number;
}

export interface FanoutResult {
  readonly target: string;
  readonly load: FanoutLoad;
  readonly runs: number;
  readonly published: number;
  readonly acknowledged: number;
  readonly publishBacklog: number;
  readonly delivered: number;
  readonly expected: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly seconds: number;
  readonly deliveredPerSecond: number;
  readonly serverCpuSeconds: number;
  readonly deliveriesPerCpuSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly serverRssMiB: number;
  readonly serverPssMiB: number;
}

/**
 * S subscribers spread round-robin over the target's runs, then P events/s for the duration,
 * then waiting (up to 30 s) for every acknowledged event to reach every subscriber of its run.
 * CPU is the server's own, from the first publish to the last delivery.
 */
export const runFanout = async (target: FanoutTarget, load: FanoutLoad): Promise<FanoutResult> => {
  const latency = makeLatencyHistogram();
  const clients = await openClients(load.subscribers, target.runs, target.streamUrl, {
    seqSource: target.seqSource,
    latency,
  });
  try {
    // Let connection set-up garbage settle before measuring.
    await new Promise((r) => setTimeout(r, 1_000));
    const acks = new Array<number>(target.runs).fill(0);
    const cpuBefore = target.cpuSeconds();
    const started = performance.now();
    const paced = await runPaced({
      ratePerSecond: load.rate,
      durationMs: load.durationMs,
      maxInFlight: load.maxInFlight ?? 64,
      send: async (n) => {
        const ok = await target.publish(n);
        if (ok) acks[n % target.runs] = (acks[n % target.runs] ?? 0) + 1;
        return ok;
      },
    });
    const expected = clients.reduce((sum, c) => sum + (acks[c.run] ?? 0), 0);
    const delivered = () => clients.reduce((sum, c) => sum + c.client.stats.received, 0);
    const drainDeadline = performance.now() + (load.drainMs ?? 30_000);
    while (delivered() < expected && performance.now() < drainDeadline) await new Promise((r) => setTimeout(r, 10));
    const seconds = (performance.now() - started) / 1_000;
    const cpu = target.cpuSeconds() - cpuBefore;
    const total = delivered();
    const lostPerClient = clients.reduce(
      (sum, c) => sum + Math.max(0, (acks[c.run] ?? 0) - c.client.stats.received) + c.client.stats.gaps,
      0,
    );
    return {
      target: target.name,
      load,
      runs: target.runs,
      published: paced.sent,
      acknowledged: paced.acked,
      publishBacklog: paced.maxBacklog,
      delivered: total,
      expected,
      lost: lostPerClient,
      duplicates: clients.reduce((sum, c) => sum + c.client.stats.duplicates + c.client.stats.outOfOrder, 0),
      seconds,
      deliveredPerSecond: total / seconds,
      serverCpuSeconds: cpu,
      deliveriesPerCpuSecond: cpu > 0 ? total / cpu : Number.NaN,
      latencyMs: { p50: latency.quantile(0.5), p99: latency.quantile(0.99), max: latency.max() },
      serverRssMiB: target.rssBytes() / 1024 / 1024,
      serverPssMiB: target.pssBytes() / 1024 / 1024,
    };
  } finally {
    closeClients(clients);
  }
};
