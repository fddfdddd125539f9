import { type DonePoint, estimateFinish } from "../../../../server/domain/progress.ts";
import type { RunCounts } from "../../../../server/domain/run-counts.ts";

/**
 * The run board's ETA, worked out when its chart is (every 10 s, at `chartNow`, a multiple of
 * 10 s). The pace is measured up to the newer of that time and the newest point: measured up to
 * `chartNow` alone, a burst of results just before it would be a pace over a fraction of a second
 * (results after it left out), and the ETA a minute away for up to 10 s.
 */
export const runBoardEta = (counts: RunCounts, series: ReadonlyArray<DonePoint>, chartNow: number): number | null =>
  estimateFinish(counts, series, Math.max(chartNow, series[series.length - 1]?.at ?? chartNow));
