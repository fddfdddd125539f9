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
 */
interface Figures {
  readonly writes32: number;
  readonly cpu32: number;
  readonly p99At32: number;
  readonly writes1: number;
  readonly cpu1: number;
  readonly fanoutPerCpu: number;
  readonly fanoutP99: number;
  readonly idleKiB: number;
  readonly lostOrDuplicated: number;
}

const measure = async (entry: string): Promise<Figures> => {
  const at32 = await measureWrites("FULL", 32, 10_000, entry);
  const at1 = await measureWrites("FULL", 1, 10_000, entry);
  const fanTarget = await startMediTarget({ runs: 1_000, itemsPerRun: 10 }, { entry });
  const fanout = await runFanout(fanTarget, { subscribers: 10_000, rate: 100, durationMs: 20_000 }).finally(() =>
    fanTarget.stop(),
  );
  const idleTarget = await startMediTarget({ runs: 1_000, itemsPerRun: 10 }, { entry });
  const idle = await measureIdle(idleTarget, 10_000).finally(() => idleTarget.stop());
  return {
    writes32: at32.acksPerSecond,
    cpu32: at32.cpuMicrosPerWrite,
    p99At32: at32.p99,
    writes1: at1.acksPerSecond,
    cpu1: at1.cpuMicrosPerWrite,
    fanoutPerCpu: fanout.deliveriesPerCpuSecond,
    fanoutP99: fanout.latencyMs.p99,
    idleKiB: idle.rssPerConnection / 1024,
    lostOrDuplicated: at32.lost + at32.duplicates + at1.lost + at1.duplicates + fanout.lost + fanout.duplicates,
  };
};

if (import.meta.main) {
  ensurePinnedLoadGenerator();
  const [before, after, runsArg] = process.argv.slice(2);
  if (before === undefined || after === undefined) {
    process.stderr.write("usage: node tests/bench/compare-bundles.ts <before bundle> <after bundle> [runs]\n");
    process.exit(2);
  }
  const runs = Number(runsArg ?? 3);
  const results: { before: Figures[]; after: Figures[] } = { before: [], after: [] };
  for (let i = 0; i < runs; i++) {
    log(`compare run ${i + 1}/${runs}`);
    results.before.push(await measure(before));
    results.after.push(await measure(after));
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
        row("fan-out 10k / 1,000 at 100/s: deliveries per server CPU-s", (f) => f.fanoutPerCpu),
        row("  latency p99 ms", (f) => f.fanoutP99),
        row("idle RSS KiB per connection (10k)", (f) => f.idleKiB, 1),
        row("lost + duplicated", (f) => f.lostOrDuplicated),
      ],
    )}\n`,
  );
}
