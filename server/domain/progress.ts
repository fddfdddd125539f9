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
  /**
   * Results the event behind this point carried: 1 for one recorded result, n for a bulk import
   * (a `batch` event), 0 for items added. Unknown counts as 1.
   */
  readonly results?: number;
}

export interface EtaOptions {
  /** Only points this recent count towards the throughput (a run's pace changes over a day). */
  readonly windowMs: number;
  /** Fewer steady samples than this in the window gives no estimate rather than a wild one. */
  readonly minSamples: number;
}

export const defaultEtaOptions: EtaOptions = { windowMs: 30 * 60_000, minSamples: 3 };

/**
 * Was the progress up to `point` (from `previous`) a bulk import rather than people working?
 * A point that carried more than one result is (a CI job's `batch`), and so is more than one
 * result at the very same instant (a snapshot rebuilt from item times, where a batch's items
 * share their time).
 */
export const isBulkStep = (previous: DonePoint, point: DonePoint): boolean =>
  (point.results ?? 1) > 1 || (point.at <= previous.at && point.done - previous.done > 1);

/**
 * Evenly spaced picks of at most `max` points, always keeping the newest. A bulk step left out
 * (a point that carried more than one result) goes into the next pick, so thinning a curve never
 * turns a batch's jump into what looks like people's pace.
 */
export const spreadKeepingBulk = <T extends { readonly results?: number }>(
  points: ReadonlyArray<T>,
  max: number,
): ReadonlyArray<T> => {
  if (points.length <= max) return points;
  const step = points.length / max;
  const picked: T[] = [];
  let from = 0;
  for (let i = 1; i <= max; i++) {
    const to = Math.min(points.length - 1, Math.round(i * step) - 1);
    const point = points[to];
    if (point === undefined || to < from) continue;
    let bulk = 0;
    for (let j = from; j <= to; j++) {
      const skipped = points[j]?.results ?? 1;
      if (skipped > 1) bulk += skipped;
    }
    picked.push(bulk > 0 ? { ...point, results: Math.max(bulk, 2) } : point);
    from = to + 1;
  }
  return picked;
};

/**
 * The run's steady throughput in items per ms over the window, or null when it cannot be told
 * (too few steady samples, no steady progress). Steps that were bulk imports count neither as
 * progress nor as samples; the time they took still counts, so a batch never speeds the pace up.
 */
export const steadyRate = (history: ReadonlyArray<DonePoint>, now: number, options: EtaOptions): number | null => {
  const recent = history.filter((p) => p.at >= now - options.windowMs && p.at <= now);
  const first = recent[0];
  if (first === undefined) return null;
  let gained = 0;
  let samples = 1;
  for (let i = 1; i < recent.length; i++) {
    const previous = recent[i - 1];
    const point = recent[i];
    if (previous === undefined || point === undefined || isBulkStep(previous, point)) continue;
    gained += point.done - previous.done;
    samples += 1;
  }
  if (samples < options.minSamples || gained <= 0) return null;
  return gained / Math.max(now - first.at, 1);
};

/**
 * Estimated finish time (ms) from the run's own recent steady throughput, or null when it cannot
 * be estimated (finished, no recent steady progress, too few samples). Results that came in bulk
 * count as done (fewer items remain) but never as pace: a CI job posting 900 results at once does
 * not make a 2,000-item run look finished in seconds, and a run with only bulk progress has no
 * estimate.
 */
export const estimateFinish = (
  counts: RunCounts,
  history: ReadonlyArray<DonePoint>,
  now: number,
  options: EtaOptions = defaultEtaOptions,
): number | null => {
  const remaining = counts.total - doneCount(counts);
  if (remaining <= 0) return null;
  const perMs = steadyRate(history, now, options);
  return perMs === null ? null : Math.round(now + remaining / perMs);
};
