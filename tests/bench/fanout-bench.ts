import { Agent } from "node:http";
import { startBenchServer } from "./bench-server.ts";
import { type LoadClient, openLoadClient } from "./sse-load-client.ts";
import { percentile } from "./stats.ts";

export interface FanoutOptions {
  readonly subscribers: number;
  readonly runs: number;
  readonly writers: number;
  readonly durationMs: number;
  readonly itemsPerRun: number;
}

export interface FanoutResult {
  readonly options: FanoutOptions;
  readonly acknowledgedWrites: number;
  readonly delivered: number;
  readonly expected: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
  readonly seconds: number;
  readonly deliveredPerSecond: number;
  readonly writesPerSecond: number;
  readonly serverCpuSeconds: number;
  readonly deliveriesPerCpuSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly serverRssMiB: number;
}

interface RunInfo {
  readonly id: string;
  readonly items: ReadonlyArray<{ readonly id: string }>;
}

const json = async <T>(response: Response): Promise<T> => {
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
};

/**
 * S subscribers over R runs (each subscriber on one run's stream), W writers recording results as
 * fast as the server acknowledges them, through the full HTTP stack.
 */
export const runFanout = async (options: FanoutOptions): Promise<FanoutResult> => {
  const server = await startBenchServer();
  const auth = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
  const clients: Array<{ client: LoadClient; run: number }> = [];
  try {
    const runs: RunInfo[] = [];
    for (let r = 0; r < options.runs; r++) {
      const items = Array.from({ length: options.itemsPerRun }, (_, i) => ({ title: `Case ${i}`, section: "Bench" }));
      const run = await json<RunInfo>(await fetch(`${server.url}/api/test-runs`, { method: "POST", headers: auth, body: JSON.stringify({ name: `Bench ${r}`, items }) }));
      await json(await fetch(`${server.url}/api/test-runs/${run.id}/status`, { method: "PUT", headers: auth, body: JSON.stringify({ status: "running" }) }));
      runs.push(run);
    }
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    for (let s = 0; s < options.subscribers; s++) {
      const run = s % options.runs;
      clients.push({ client: openLoadClient(`${server.url}/api/test-runs/${runs[run]?.id ?? ""}/stream`, agent), run });
    }
    await Promise.all(clients.map((c) => c.client.ready));

    const acks = new Array<number>(options.runs).fill(0);
    const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;
    const cpuBefore = server.cpuSeconds();
    const started = performance.now();
    const deadline = started + options.durationMs;
    let counter = 0;
    const writer = async () => {
      while (performance.now() < deadline) {
        const n = counter++;
        const runIndex = n % options.runs;
        const run = runs[runIndex];
        const item = run?.items[Math.floor(n / options.runs) % options.itemsPerRun];
        if (run === undefined || item === undefined) continue;
        const response = await fetch(`${server.url}/api/test-runs/${run.id}/items/${item.id}`, {
          method: "PUT",
          headers: auth,
          body: JSON.stringify({ status: statuses[n % statuses.length] }),
        });
        await response.arrayBuffer();
        if (response.status === 200) acks[runIndex] = (acks[runIndex] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: options.writers }, writer));
    const expected = clients.reduce((sum, c) => sum + (acks[c.run] ?? 0), 0);
    const drainDeadline = performance.now() + 30_000;
    const delivered = () => clients.reduce((sum, c) => sum + c.client.stats.received, 0);
    while (delivered() < expected && performance.now() < drainDeadline) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1_000;
    const cpu = server.cpuSeconds() - cpuBefore;
    const latencies = clients.flatMap((c) => c.client.stats.latencies).sort((a, b) => a - b);
    const total = delivered();
    const acknowledgedWrites = acks.reduce((a, b) => a + b, 0);
    return {
      options,
      acknowledgedWrites,
      delivered: total,
      expected,
      lost: Math.max(0, expected - total),
      duplicates: clients.reduce((sum, c) => sum + c.client.stats.duplicates, 0),
      outOfOrder: clients.reduce((sum, c) => sum + c.client.stats.outOfOrder, 0),
      seconds,
      deliveredPerSecond: total / seconds,
      writesPerSecond: acknowledgedWrites / seconds,
      serverCpuSeconds: cpu,
      deliveriesPerCpuSecond: cpu > 0 ? total / cpu : Number.NaN,
      latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies[latencies.length - 1] ?? Number.NaN },
      serverRssMiB: server.rssBytes() / 1024 / 1024,
    };
  } finally {
    for (const c of clients) c.client.close();
    await server.stop();
  }
};
