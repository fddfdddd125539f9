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
 * More than two variants are measured in turn within each run, each as `label=bundle`, and a
 * variant may give its server V8 flags after `::` (the same bundle with and without a setting):
 *   node tests/bench/compare-bundles.ts --runs 3 before=/tmp/a/main.js now=out/server/main.js \
 *     "semi-space 4=out/server/main.js::--max-semi-space-size=4"
 * Each run's figures are printed after the table of medians.
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

interface Variant {
  readonly label: string;
  readonly bundle: string;
  readonly nodeOptions: string | undefined;
}

/** `label=bundle::node options`; the label and the options may be left out. */
const variantOf = (arg: string, index: number): Variant => {
  const [named, nodeOptions] = arg.split("::");
  const at = (named ?? "").indexOf("=");
  const label = at > 0 ? (named ?? "").slice(0, at) : index === 0 ? "before" : index === 1 ? "after" : `#${index + 1}`;
  return { label, bundle: at > 0 ? (named ?? "").slice(at + 1) : (named ?? ""), nodeOptions };
};

if (import.meta.main) {
  ensurePinnedLoadGenerator();
  const args = process.argv.slice(2);
  const runsAt = args.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
  // The old form: <before> <after> [runs].
  if (args.length === 3 && /^\d+$/.test(args[2] ?? "")) args.pop();
  const variants = args.map(variantOf);
  if (variants.length < 2 || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(
      "usage: node tests/bench/compare-bundles.ts [--runs N] <[label=]bundle[::node options]> <…> [more variants]\n",
    );
    process.exit(2);
  }
  const results = variants.map(() => [] as Figures[]);
  for (let i = 0; i < runs; i++) {
    for (const [v, variant] of variants.entries()) {
      log(`compare run ${i + 1}/${runs}: ${variant.label}`);
      results[v]?.push(await withNodeOptions(variant.nodeOptions, () => measure(variant.bundle)));
    }
  }
  const row = (label: string, pick: (f: Figures) => number, digits = 0) => [
    label,
    ...results.map((figures) => fmt(medianOf(figures, pick), digits)),
  ];
  process.stdout.write(
    `${markdownTable(
      [`figure (medians of ${runs} runs)`, ...variants.map((variant) => variant.label)],
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
  for (const [v, variant] of variants.entries()) {
    process.stdout.write(
      `\n${variant.label}: ${variant.bundle}${variant.nodeOptions === undefined ? "" : ` with ${variant.nodeOptions}`}\n`,
    );
    for (const figures of results[v] ?? []) process.stdout.write(`  ${JSON.stringify(figures)}\n`);
  }
}
