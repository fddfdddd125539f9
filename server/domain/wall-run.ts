import { Schema } from "effect";
import { doneCount, spreadKeepingBulk } from "./progress.ts";
import { TestRunSummary } from "./test-run.ts";

/**
 * What a wall shows of a run, without its items: the multi-run streams (`?all=1`, `?runs=a,b`)
 * carry this, so a wall of 1,000 runs × 100 items loads as ~1.5 KB a run instead of ~34 KB.
 * A client that needs every item of a run uses that run's own stream.
 */
export const wallLimits = {
  /** Newest failures kept per run. */
  failures: 5,
  /** People shown as testing a run. */
  testers: 6,
  /** Progress points per run (enough for an ETA from recent throughput). */
  points: 12,
  /** Someone who recorded a result this recently, or holds an open item, counts as testing. */
  testingWindowMs: 30 * 60_000,
  /** Progress points come from results this recent (the ETA's window). */
  progressWindowMs: 30 * 60_000,
} as const;

export const WallFailure = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  section: Schema.String,
  /** Server ms of the failure. */
  at: Schema.Number,
  by: Schema.NullOr(Schema.String),
});
export type WallFailure = typeof WallFailure.Type;

export const WallTester = Schema.Struct({ name: Schema.String, at: Schema.Number });
export type WallTester = typeof WallTester.Type;

/** Done and failed counts at a moment (server ms). */
export const WallPoint = Schema.Struct({
  at: Schema.Number,
  done: Schema.Int,
  failed: Schema.Int,
  /**
   * Present when the step to this point holds a bulk import (results recorded at one instant, a
   * CI job's batch): the step's results, more than one. The ETA never takes such a step as pace
   * (progress.ts `isBulkStep`); a step without it is people's results.
   */
  results: Schema.optionalKey(Schema.Int),
});
export type WallPoint = typeof WallPoint.Type;

export const WallRun = Schema.Struct({
  ...TestRunSummary.fields,
  /** Newest first, at most wallLimits.failures. */
  failures: Schema.Array(WallFailure),
  /** Most recent first, at most wallLimits.testers. */
  testers: Schema.Array(WallTester),
  /** Server ms of the newest result or note; null when nothing happened yet. */
  lastActivityAt: Schema.NullOr(Schema.Number),
  /** Oldest first, at most wallLimits.points, from results within the progress window. */
  progress: Schema.Array(WallPoint),
});
export type WallRun = typeof WallRun.Type;

/**
 * A result within the progress window, as storage reads it: its time, and how many results (and
 * failures) of the window came after it. Storage may send only some of them (evenly spread).
 */
export interface FinishedRow {
  readonly at: number;
  readonly resultsAfter: number;
  readonly failedAfter: number;
  /** The row's results when some of them came in bulk (several at one instant); absent otherwise. */
  readonly bulkResults?: number;
}

export interface WallParts {
  /** Failed items, newest first (storage may return more than the limit). */
  readonly failures: ReadonlyArray<WallFailure>;
  /** Recent recorders and holders of open items, any order, a name possibly twice. */
  readonly testers: ReadonlyArray<WallTester>;
  readonly lastActivityAt: number | null;
  /** Results finished within the progress window, oldest first (possibly a spread of them). */
  readonly finished: ReadonlyArray<FinishedRow>;
}

/**
 * The progress curve of the recent window, counted back from the run's current counts: at each
 * result's time, done was the current count less the results that came after it (the same for
 * failed). A row that held a bulk import carries its results, so a wall's first ETA leaves the
 * batch out of the pace as a live one does. Oldest first, at most wallLimits.points.
 */
export const recentProgress = (
  done: number,
  failed: number,
  finished: ReadonlyArray<FinishedRow>,
): ReadonlyArray<WallPoint> =>
  spreadKeepingBulk(
    finished.map((row) => ({
      at: row.at,
      done: Math.max(done - row.resultsAfter, 0),
      failed: Math.max(failed - row.failedAfter, 0),
      ...(row.bulkResults !== undefined && row.bulkResults > 1 ? { results: row.bulkResults } : {}),
    })),
    wallLimits.points,
  );

/** Distinct testers, most recent first, at most the limit. */
export const newestTesters = (testers: ReadonlyArray<WallTester>): ReadonlyArray<WallTester> => {
  const byName = new Map<string, number>();
  for (const tester of testers) byName.set(tester.name, Math.max(byName.get(tester.name) ?? 0, tester.at));
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, wallLimits.testers)
    .map(([name, at]) => ({ name, at }));
};

/** A run as a wall sees it, from its summary and the parts storage read. */
export const wallRunOf = (summary: TestRunSummary, parts: WallParts): WallRun => ({
  ...summary,
  failures: parts.failures.slice(0, wallLimits.failures),
  testers: newestTesters(parts.testers),
  lastActivityAt: parts.lastActivityAt,
  progress: recentProgress(doneCount(summary.counts), summary.counts.failed, parts.finished),
});
