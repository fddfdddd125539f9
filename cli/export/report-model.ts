import type { Comment } from "../../server/domain/comment.ts";
import { doneCount, passRate, progress } from "../../server/domain/progress.ts";
import { countStatuses, type RunCounts } from "../../server/domain/run-counts.ts";
import type { StreamEventSchema } from "../../server/domain/events.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";
import { appendPoint, type ProgressPoint, seriesFromItems } from "../../renderer/src/shared/live/progress-series.ts";
import { liveEventsOf } from "../../renderer/src/shared/live/wire.ts";

/**
 * Everything a report shows, gathered once: the run, its items in board order, its comments
 * oldest first, and its progress over time. The builders (export-*.ts) only format this.
 */

export type RunEvent = typeof StreamEventSchema.Type;

/** Where the report came from (GET /api/health; the lab name and version when it answered). */
export interface ReportServer {
  readonly url: string;
  readonly labName: string | null;
  readonly version: string | null;
}

/** Progress at one moment: items done and failed of the total. */
export interface SeriesPoint {
  /** Server time, ms. */
  readonly at: number;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

export interface ReportModel {
  readonly run: TestRunSummary;
  readonly items: ReadonlyArray<TestItem>;
  /** Oldest first. */
  readonly comments: ReadonlyArray<Comment>;
  readonly series: ReadonlyArray<SeriesPoint>;
  /** ISO time the report was made. */
  readonly generatedAt: string;
  /** The medi-test that made the report ("0.1.0"). */
  readonly generatorVersion: string;
  readonly server: ReportServer;
}

/** More points than a chart on paper can show. */
export const maxSeriesPoints = 2_000;

/** Points held while the log is read: far more than any real run makes (80 bytes each). */
export const maxHeldPoints = 200_000;

/** Every other point, always keeping the first and the last. */
export const halve = <T>(points: ReadonlyArray<T>): ReadonlyArray<T> =>
  points.filter((_, i) => i === 0 || (points.length - 1 - i) % 2 === 0);

/**
 * At most `max` points evenly spread over the whole run, its first and last included. Unlike the
 * run board's thinning (which keeps recent detail and lets the oldest go), a report shows the
 * whole run.
 */
export const evenly = <T>(points: ReadonlyArray<T>, max: number): ReadonlyArray<T> => {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as T);
};

/**
 * Adds a page of the run's event log to its progress curve, as the run board builds it
 * (renderer/src/features/run-board/use-run-history.ts): one point per change of the counts, a
 * batch one point. Only the points are kept, never the events; past `maxHeldPoints` they are halved.
 */
export const addEvents = (
  points: ReadonlyArray<ProgressPoint>,
  runId: string,
  events: ReadonlyArray<RunEvent>,
): ReadonlyArray<ProgressPoint> => {
  let curve = points;
  for (const wire of events) {
    if (wire.testRunId !== runId) continue;
    for (const event of liveEventsOf(wire)) {
      if (event.kind === "run_created") {
        const c = event.run.counts;
        curve = appendPoint(
          curve,
          { seq: event.seq, at: event.at, done: doneCount(c), failed: c.failed, total: c.total, results: 0 },
          Number.POSITIVE_INFINITY,
        );
      } else if (event.kind === "items_added" || event.kind === "item_updated") {
        const c = event.counts;
        curve = appendPoint(
          curve,
          {
            seq: event.seq,
            at: event.at,
            done: doneCount(c),
            failed: c.failed,
            total: c.total,
            results: event.kind === "item_updated" ? 1 : 0,
          },
          Number.POSITIVE_INFINITY,
        );
      }
    }
  }
  while (curve.length > maxHeldPoints) curve = halve(curve);
  return curve;
};

/**
 * The curve a report shows: the one from the log, or, when the log has nothing of the run (pruned,
 * or a run from before the log), the one rebuilt from item times, as a board's first snapshot does.
 */
export const finishSeries = (run: TestRunDetail, points: ReadonlyArray<ProgressPoint>): ReadonlyArray<SeriesPoint> => {
  const curve = evenly(points.length === 0 ? seriesFromItems(run) : points, maxSeriesPoints);
  return curve.map((p) => ({ at: p.at, done: p.done, failed: p.failed, total: p.total }));
};

/** The progress series of a whole log at once. */
export const seriesOf = (run: TestRunDetail, events: ReadonlyArray<RunEvent>): ReadonlyArray<SeriesPoint> =>
  finishSeries(run, addEvents([], run.id, events));

/** Sections in the order they first appear by position, items by position within them (as the boards list them). */
export const boardOrder = (items: ReadonlyArray<TestItem>): ReadonlyArray<TestItem> => {
  const first = new Map<string, number>();
  for (const item of items) first.set(item.section, Math.min(first.get(item.section) ?? Infinity, item.position));
  return [...items].sort(
    (a, b) => (first.get(a.section) ?? 0) - (first.get(b.section) ?? 0) || a.position - b.position,
  );
};

export interface ReportSources {
  readonly run: TestRunDetail;
  readonly comments: ReadonlyArray<Comment>;
  /** The event log as a progress curve (`addEvents`, page by page). */
  readonly progress: ReadonlyArray<ProgressPoint>;
  readonly generatedAt: string;
  readonly generatorVersion: string;
  readonly server: ReportServer;
}

export const reportModel = (sources: ReportSources): ReportModel => {
  const { items, ...run } = sources.run;
  return {
    run,
    items: boardOrder(items),
    comments: [...sources.comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    series: finishSeries(sources.run, sources.progress),
    generatedAt: sources.generatedAt,
    generatorVersion: sources.generatorVersion,
    server: sources.server,
  };
};

export interface SectionStats {
  readonly section: string;
  readonly counts: RunCounts;
}

/** Items grouped by section, sections and items in board order. */
export const itemsBySection = (
  items: ReadonlyArray<TestItem>,
): ReadonlyArray<{ readonly section: string; readonly items: ReadonlyArray<TestItem> }> => {
  const bySection = new Map<string, TestItem[]>();
  for (const item of boardOrder(items)) {
    const list = bySection.get(item.section);
    if (list === undefined) bySection.set(item.section, [item]);
    else list.push(item);
  }
  return [...bySection].map(([section, list]) => ({ section, items: list }));
};

/** Counts per section, in board order. */
export const sectionStats = (items: ReadonlyArray<TestItem>): ReadonlyArray<SectionStats> =>
  itemsBySection(items).map(({ section, items: list }) => ({
    section,
    counts: countStatuses(list.map((i) => i.status)),
  }));

/** How long the run ran: start to completion, or to the report's time while it is still open; null before it started. */
export const runDurationMs = (run: TestRunSummary, generatedAt: string): number | null => {
  if (run.startedAt === null) return null;
  const end = Date.parse(run.completedAt ?? generatedAt);
  const start = Date.parse(run.startedAt);
  return Number.isFinite(end) && Number.isFinite(start) ? Math.max(0, end - start) : null;
};

/** The summary figures every format shares. */
export const summaryOf = (model: ReportModel) => ({
  counts: model.run.counts,
  done: doneCount(model.run.counts),
  progress: progress(model.run.counts),
  passRate: passRate(model.run.counts),
  durationMs: runDurationMs(model.run, model.generatedAt),
});

/** An item was recorded when it has a result; an untested item's time is only when it was added. */
export const recordedAt = (item: TestItem): string | null => (item.status === "untested" ? null : item.updatedAt);

/** Comments per item id (run-level comments under null), oldest first. */
export const commentsByItem = (
  comments: ReadonlyArray<Comment>,
): ReadonlyMap<string | null, ReadonlyArray<Comment>> => {
  const map = new Map<string | null, Comment[]>();
  for (const comment of comments) {
    const list = map.get(comment.itemId);
    if (list === undefined) map.set(comment.itemId, [comment]);
    else list.push(comment);
  }
  return map;
};
