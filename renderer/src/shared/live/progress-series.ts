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
}

/** Drops every other point of the older half: recent progress keeps its detail, the total stays bounded. */
export const thin = <T>(points: ReadonlyArray<T>, max: number): ReadonlyArray<T> => {
  if (points.length <= max) return points;
  const half = Math.floor(points.length / 2);
  const older = points.slice(0, half).filter((_, index) => index % 2 === 0);
  const thinned = [...older, ...points.slice(half)];
  return thinned.length > max ? thinned.slice(thinned.length - max) : thinned;
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
    points.push({ seq: 0, at: entry.at, done, failed, total });
  }
  if (points.length <= seriesLimits.seeded) return points;
  // Evenly spaced by index, always keeping the newest point.
  const step = points.length / seriesLimits.seeded;
  const picked: ProgressPoint[] = [];
  for (let i = 1; i <= seriesLimits.seeded; i++) {
    const point = points[Math.min(points.length - 1, Math.round(i * step) - 1)];
    if (point !== undefined) picked.push(point);
  }
  return picked;
};
