import { ensureServerBuild } from "./bench-server.ts";
import { type FanoutResult, runFanout } from "./fanout-bench.ts";
import { median } from "./stats.ts";
import { appendReport, markdownTable } from "./report.ts";

/**
 * `npm run bench`: runs each scenario (3 times, medians) and appends the tables to BENCHMARKS.md.
 * `npm run bench -- --quick` runs each once with shorter windows.
 */
const quick = process.argv.includes("--quick");
ensureServerBuild();
const repeats = quick ? 1 : 3;
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits }) : "–");

const fanoutScenarios = [{ subscribers: 1_000, runs: 100, writers: 8, durationMs: quick ? 5_000 : 10_000, itemsPerRun: 10 }];

const rows: string[][] = [];
for (const scenario of fanoutScenarios) {
  const results: FanoutResult[] = [];
  for (let i = 0; i < repeats; i++) results.push(await runFanout(scenario));
  const m = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
  rows.push([
    `${fmt(scenario.subscribers)} / ${fmt(scenario.runs)}`,
    fmt(m((r) => r.writesPerSecond)),
    fmt(m((r) => r.deliveredPerSecond)),
    fmt(m((r) => r.deliveriesPerCpuSecond)),
    `${fmt(m((r) => r.latencyMs.p50), 1)} / ${fmt(m((r) => r.latencyMs.p99), 1)} / ${fmt(m((r) => r.latencyMs.max), 1)}`,
    `${results.reduce((s, r) => s + r.lost, 0)} / ${results.reduce((s, r) => s + r.duplicates + r.outOfOrder, 0)}`,
    fmt(m((r) => r.serverRssMiB)),
  ]);
}

appendReport(
  "BENCHMARKS.md",
  "Fan-out: subscribers over runs, full write path",
  `npm run bench${quick ? " -- --quick" : ""}`,
  [
    `Each subscriber holds one run's SSE stream; 8 writers record results through the full HTTP stack (auth, schema decode, SQLite FULL commit with its event row, fan-out) as fast as they are acknowledged. Medians of ${repeats} run(s). Server in its own process; the load generator shares the machine's 2 cores.`,
    "",
    markdownTable(
      ["subscribers / runs", "writes/s", "events delivered/s", "deliveries per server CPU-s", "latency ms p50 / p99 / max", "lost / duplicated", "server RSS MiB"],
      rows,
    ),
  ].join("\n"),
);
