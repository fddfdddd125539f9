import { spreadKeepingBulk } from "../../../../server/domain/progress.ts";
import { type TestRunDetail, timeOf } from "./wire.ts";

/** How many progress points a run keeps, and how many a snapshot rebuilds. */
export const seriesLimits = {
  /** Progress points per run; older halves are thinned when full. */
  series: 400,
  /** Points reconstructed from item times when a snapshot arrives. */
  seeded: 120,
} as const;

/** Progress of a run at one moment (server ms). `seq` 0 = reconstructed from item times. */
export interface ProgressPoint {
  readonly seq: number;
  readonly at: number;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
  /**
   * Results that made the step to this point: 1 for one recorded result, the batch's size for a
   * bulk import, 0 for items added. More than one means bulk, which the ETA never takes as pace
   * (server/domain/progress.ts). Unknown counts as 1.
   */
  readonly results?: number;
}

const isBulk = (point: ProgressPoint): boolean => (point.results ?? 1) > 1;

/**
 * Adds a point after an event. The parts of one `batch` share its seq: they become one point
 * carrying all their results (a bulk step), not hundreds of steps a millisecond apart. A point
 * that changes nothing is left out.
 */
export const appendPoint = (
  series: ReadonlyArray<ProgressPoint>,
  point: ProgressPoint,
  max: number = seriesLimits.series,
): ReadonlyArray<ProgressPoint> => {
  const last = series[series.length - 1];
  if (last !== undefined && point.seq > 0 && last.seq === point.seq) {
    const merged = { ...point, at: last.at, results: (last.results ?? 1) + (point.results ?? 1) };
    return [...series.slice(0, -1), merged];
  }
  if (last !== undefined && last.done === point.done && last.failed === point.failed && last.total === point.total)
    return series;
  return thinPoints([...series, point], max);
};

/** Drops every other point of the older half: recent progress keeps its detail, the total stays bounded. */
export const thin = <T>(points: ReadonlyArray<T>, max: number): ReadonlyArray<T> => {
  if (points.length <= max) return points;
  const half = Math.floor(points.length / 2);
  const older = points.slice(0, half).filter((_, index) => index % 2 === 0);
  const thinned = [...older, ...points.slice(half)];
  return thinned.length > max ? thinned.slice(thinned.length - max) : thinned;
};

/**
 * `thin` for a progress curve: a dropped bulk step is carried into the next point kept, so
 * thinning never turns a batch's jump into what looks like people's pace.
 */
export const thinPoints = (points: ReadonlyArray<ProgressPoint>, max: number): ReadonlyArray<ProgressPoint> => {
  if (points.length <= max) return points;
  const half = Math.floor(points.length / 2);
  const kept: ProgressPoint[] = [];
  let carried = 0;
  for (const [index, point] of points.entries()) {
    if (index < half && index % 2 === 1) {
      if (isBulk(point)) carried += point.results ?? 0;
      continue;
    }
    kept.push(carried > 0 ? { ...point, results: carried + (point.results ?? 1) } : point);
    carried = 0;
  }
  return kept.length > max ? kept.slice(kept.length - max) : kept;
};

/**
 * A progress curve rebuilt from item times: each finished item counts from its last update. An
 * approximation (re-recorded items count once, at their latest time), good for a first ETA.
 */
export const seriesFromItems = (run: TestRunDetail): ReadonlyArray<ProgressPoint> => {
  const finished = run.items
    .filter((item) => item.status !== "untested" && item.status !== "retest")
    .map((item) => ({ at: timeOf(item.updatedAt), failed: item.status === "failed" ? 1 : 0 }))
    .filter((entry) => entry.at > 0)
    .sort((a, b) => a.at - b.at);
  const total = run.counts.total;
  const points: ProgressPoint[] = [];
  let done = 0;
  let failed = 0;
  for (const entry of finished) {
    done += 1;
    failed += entry.failed;
    // Items of one bulk import share their time: one point carrying all of them.
    const last = points[points.length - 1];
    if (last !== undefined && last.at === entry.at)
      points[points.length - 1] = { ...last, done, failed, results: (last.results ?? 1) + 1 };
    else points.push({ seq: 0, at: entry.at, done, failed, total, results: 1 });
  }
  // Evenly spaced, always keeping the newest; a bulk step left out goes into the next pick.
  return spreadKeepingBulk(points, seriesLimits.seeded);
};
