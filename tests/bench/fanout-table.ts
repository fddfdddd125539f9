import type { FanoutResult } from "./fanout-bench.ts";
import { fmt } from "./report.ts";
import { medianOf } from "./scenario.ts";

export const fanoutHeader = [
  "subscribers / runs",
  "events/s",
  "delivered/s",
  "deliveries per server CPU-s",
  "latency ms p50 / p99 / max",
  "lost / duplicated",
  "server CPU-s",
  "server RSS / PSS MiB",
];

/** One table row from the runs of one configuration: medians, except loss and duplicates (summed). */
export const fanoutRow = (results: ReadonlyArray<FanoutResult>, label?: string): string[] => {
  const first = results[0];
  const m = (pick: (r: FanoutResult) => number) => medianOf(results, pick);
  return [
    label ?? `${fmt(first?.load.subscribers ?? 0)} / ${fmt(first?.runs ?? 0)}`,
    fmt(first?.load.rate ?? 0),
    fmt(m((r) => r.deliveredPerSecond)),
    fmt(m((r) => r.deliveriesPerCpuSecond)),
    `${fmt(m((r) => r.latencyMs.p50))} / ${fmt(m((r) => r.latencyMs.p99))} / ${fmt(m((r) => r.latencyMs.max))}`,
    `${results.reduce((s, r) => s + r.lost, 0)} / ${results.reduce((s, r) => s + r.duplicates, 0)}`,
    fmt(
      m((r) => r.serverCpuSeconds),
      2,
    ),
    `${fmt(m((r) => r.serverRssMiB))} / ${fmt(m((r) => r.serverPssMiB))}`,
  ];
};

export interface FanoutShape {
  readonly subscribers: number;
  readonly runs: number;
}

/** The three shapes: 10 subscribers per run, up to 10k subscribers on 1,000 runs. */
export const fanoutShapes: ReadonlyArray<FanoutShape> = [
  { subscribers: 1_000, runs: 100 },
  { subscribers: 5_000, runs: 500 },
  { subscribers: 10_000, runs: 1_000 },
];

export const itemsPerRun = 10;
export const targetRate = 100;
