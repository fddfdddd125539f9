import { ensurePinnedLoadGenerator } from "./bench-env.ts";
import { runFanout } from "./fanout-bench.ts";
import { measureIdle } from "./idle-memory.ts";
import { startMediTarget } from "./medi-target.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf } from "./scenario.ts";
import { measureWrites } from "./write-path.ts";

/**
 * Before/after for a change: the key figures of the write-path, fan-out and idle-memory
 * scenarios against two server bundles, interleaved, medians of N runs. Build the "before"
 * bundle from an older commit, e.g.
 *   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/
 *   (cd /tmp/before && node node_modules/vite/bin/vite.js build -c vite.server.config.ts)
 * then: node tests/bench/compare-bundles.ts /tmp/before/out/server/main.js out/server/main.js [runs]
 * The same bundle twice with different V8 flags for the server compares a setting:
 *   node tests/bench/compare-bundles.ts out/server/main.js out/server/main.js 3 \
 *     --after-node-options "--max-semi-space-size=4"
 */
interface Figures {
  readonly writes32: number;
  readonly cpu32: number;
  readonly p99At32: number;
  readonly writes1: number;
  readonly cpu1: number;
  readonly cpuAlone: number;
  readonly fanoutPerCpu: number;
  readonly fanoutP99: number;
  readonly wallsPerCpu: number;
  readonly wallsP99: number;
  readonly idleKiB: number;
  readonly lostOrDuplicated: number;
}

/** Runs `work` with the servers it starts getting `nodeOptions` (NODE_OPTIONS passes to them). */
const withNodeOptions = async <A>(nodeOptions: string | undefined, work: () => Promise<A>): Promise<A> => {
  const saved = process.env.NODE_OPTIONS;
  if (nodeOptions !== undefined) process.env.NODE_OPTIONS = `${saved ?? ""} ${nodeOptions}`.trim();
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.NODE_OPTIONS;
    else process.env.NODE_OPTIONS = saved;
  }
};

const measure = async (entry: string): Promise<Figures> => {
  const at32 = await measureWrites("FULL", 32, 10_000, entry);
  const at1 = await measureWrites("FULL", 1, 10_000, entry);
  const alone = await measureWrites("FULL", 1, 10_000, entry, 0);
  const fanTarget = await startMediTarget({ runs: 1_000, itemsPerRun: 10 }, { entry });
  const fanout = await runFanout(fanTarget, { subscribers: 10_000, rate: 100, durationMs: 20_000 }).finally(() =>
    fanTarget.stop(),
  );
  // A few big walls: 20 runs × 100 streams at 200 results/s, where the deliveries weigh most.
  const wallsTarget = await startMediTarget({ runs: 20, itemsPerRun: 10 }, { entry });
  const walls = await runFanout(wallsTarget, { subscribers: 2_000, rate: 200, durationMs: 20_000 }).finally(() =>
    wallsTarget.stop(),
  );
  const idleTarget = await startMediTarget({ runs: 1_000, itemsPerRun: 10 }, { entry });
  const idle = await measureIdle(idleTarget, 10_000).finally(() => idleTarget.stop());
  return {
    writes32: at32.acksPerSecond,
    cpu32: at32.cpuMicrosPerWrite,
    p99At32: at32.p99,
    writes1: at1.acksPerSecond,
    cpu1: at1.cpuMicrosPerWrite,
    cpuAlone: alone.cpuMicrosPerWrite,
    fanoutPerCpu: fanout.deliveriesPerCpuSecond,
    fanoutP99: fanout.latencyMs.p99,
    wallsPerCpu: walls.deliveriesPerCpuSecond,
    wallsP99: walls.latencyMs.p99,
    idleKiB: idle.rssPerConnection / 1024,
    lostOrDuplicated: [at32, at1, alone, fanout, walls].reduce((sum, r) => sum + r.lost + r.duplicates, 0),
  };
};

if (import.meta.main) {
  ensurePinnedLoadGenerator();
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const value = args[at + 1];
    args.splice(at, 2);
    return value;
  };
  const beforeNodeOptions = option("--before-node-options");
  const afterNodeOptions = option("--after-node-options");
  const [before, after, runsArg] = args;
  if (before === undefined || after === undefined) {
    process.stderr.write(
      "usage: node tests/bench/compare-bundles.ts <before bundle> <after bundle> [runs] [--before-node-options <flags>] [--after-node-options <flags>]\n",
    );
    process.exit(2);
  }
  const runs = Number(runsArg ?? 3);
  const results: { before: Figures[]; after: Figures[] } = { before: [], after: [] };
  for (let i = 0; i < runs; i++) {
    log(`compare run ${i + 1}/${runs}`);
    results.before.push(await withNodeOptions(beforeNodeOptions, () => measure(before)));
    results.after.push(await withNodeOptions(afterNodeOptions, () => measure(after)));
  }
  const row = (label: string, pick: (f: Figures) => number, digits = 0) => [
    label,
    fmt(medianOf(results.before, pick), digits),
    fmt(medianOf(results.after, pick), digits),
  ];
  process.stdout.write(
    `${markdownTable(
      [`figure (medians of ${runs} runs)`, "before", "after"],
      [
        row("write path FULL, 32 clients: updates/s", (f) => f.writes32),
        row("  server CPU µs per update", (f) => f.cpu32),
        row("  latency p99 ms", (f) => f.p99At32, 1),
        row("write path FULL, 1 client: updates/s", (f) => f.writes1),
        row("  server CPU µs per update", (f) => f.cpu1),
        row("write alone FULL, 1 client, no streams: server CPU µs per update", (f) => f.cpuAlone),
        row("fan-out 10k / 1,000 at 100/s: deliveries per server CPU-s", (f) => f.fanoutPerCpu),
        row("  latency p99 ms", (f) => f.fanoutP99),
        row("fan-out 2,000 / 20 at 200/s: deliveries per server CPU-s", (f) => f.wallsPerCpu),
        row("  latency p99 ms", (f) => f.wallsP99),
        row("idle RSS KiB per connection (10k)", (f) => f.idleKiB, 1),
        row("lost + duplicated", (f) => f.lostOrDuplicated),
      ],
    )}\n`,
  );
}
