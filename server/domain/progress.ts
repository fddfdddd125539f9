import type { RunCounts } from "./run-counts.ts";

export const doneCount = (c: RunCounts): number => c.passed + c.failed + c.blocked + c.skipped;

/** Share of items with a final result, 0..1 (0 for an empty run). */
export const progress = (c: RunCounts): number => (c.total === 0 ? 0 : doneCount(c) / c.total);

/** passed / (passed + failed), or null when nothing has passed or failed yet. */
export const passRate = (c: RunCounts): number | null => {
  const decided = c.passed + c.failed;
  return decided === 0 ? null : c.passed / decided;
};

export interface DonePoint {
  /** Server time in ms. */
  readonly at: number;
  /** Items done at that moment. */
  readonly done: number;
}

export interface EtaOptions {
  /** Only points this recent count towards the throughput (a run's pace changes over a day). */
  readonly windowMs: number;
  /** Fewer results than this in the window gives no estimate rather than a wild one. */
  readonly minSamples: number;
}

export const defaultEtaOptions: EtaOptions = { windowMs: 30 * 60_000, minSamples: 3 };

/**
 * Estimated finish time (ms) from the run's own recent throughput, or null when it cannot be
 * estimated (finished, no recent progress, too few samples).
 */
export const estimateFinish = (
  counts: RunCounts,
  history: ReadonlyArray<DonePoint>,
  now: number,
  options: EtaOptions = defaultEtaOptions,
): number | null => {
  const remaining = counts.total - doneCount(counts);
  if (remaining <= 0) return null;
  const recent = history.filter((p) => p.at >= now - options.windowMs && p.at <= now);
  if (recent.length < options.minSamples) return null;
  const first = recent[0];
  const last = recent[recent.length - 1];
  if (first === undefined || last === undefined) return null;
  const gained = last.done - first.done;
  const elapsed = Math.max(now - first.at, 1);
  if (gained <= 0) return null;
  const perMs = gained / elapsed;
  return Math.round(now + remaining / perMs);
};
