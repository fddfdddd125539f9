import { doneCount } from "../../../../server/domain/progress.ts";
import { isActive } from "../../../../server/domain/run-status.ts";
import { runSummaryOf } from "../../../../server/domain/test-run.ts";
import { type ActivityEntry, activityOf, foldBatches, mergeActivity, mergeComments } from "./activity.ts";
import { appendPoint, type ProgressPoint, seriesFromItems } from "./progress-series.ts";
import { wallLimits } from "../../../../server/domain/wall-run.ts";
import type {
  Comment,
  LiveEvent,
  RunCounts,
  TestItem,
  TestRunDetail,
  TestRunSummary,
  WallFailure,
  WallRun,
  WallTester,
} from "./wire.ts";
import { timeOf } from "./wire.ts";

/**
 * What a page knows, derived from the stream: runs with their items and counts, plus bounded
 * lists. Nothing here grows with time — a wall left on for a month holds the same amount.
 */

/** What a wall's stream says of a run instead of its items; kept current by the run's events. */
export interface WallSummary {
  /** Newest first, at most wallLimits.failures. */
  readonly failures: ReadonlyArray<WallFailure>;
  /** Most recent first, at most wallLimits.testers. */
  readonly testers: ReadonlyArray<WallTester>;
}

export interface RunEntry {
  readonly run: TestRunSummary;
  /** Every item (a run's own stream); empty on a wall's stream, which keeps `summary` instead. */
  readonly items: ReadonlyMap<string, TestItem>;
  /** Null when the items are known (a run's own stream). */
  readonly summary: WallSummary | null;
  readonly series: ReadonlyArray<ProgressPoint>;
  /** Server ms of the newest result, note or comment; null when nothing happened yet. */
  readonly lastActivityAt: number | null;
  /** seq of the newest item that turned failed while this page watched (drives a one-time pulse). */
  readonly newFailureSeq: number | null;
  /** Server ms of that failure. */
  readonly newFailureAt: number | null;
}

export interface LiveState {
  /** Newest seq applied. */
  readonly lastSeq: number;
  /** False until the first snapshot arrived. */
  readonly ready: boolean;
  /** Counts snapshots/resets, so views can reload what they fetched besides the stream. */
  readonly generation: number;
  readonly runs: ReadonlyMap<string, RunEntry>;
  /** Newest first, at most activityLimits.activity. */
  readonly activity: ReadonlyArray<ActivityEntry>;
  /** Newest first, at most activityLimits.comments. */
  readonly comments: ReadonlyArray<Comment>;
  /** True when the stream sends run summaries (a wall's stream) rather than items. */
  readonly summaries: boolean;
}

export const emptyLiveState: LiveState = {
  lastSeq: 0,
  ready: false,
  generation: 0,
  runs: new Map(),
  activity: [],
  comments: [],
  summaries: false,
};

const pointOf = (seq: number, at: number, counts: RunCounts, results: number): ProgressPoint => ({
  seq,
  at,
  done: doneCount(counts),
  failed: counts.failed,
  total: counts.total,
  results,
});

const hasActivity = (item: TestItem): boolean =>
  item.status !== "untested" || item.updatedBy !== null || item.note !== null;

const entryFromDetail = (run: TestRunDetail): RunEntry => {
  let lastActivityAt: number | null = null;
  const items = new Map<string, TestItem>();
  for (const item of run.items) {
    items.set(item.id, item);
    if (hasActivity(item)) {
      const at = timeOf(item.updatedAt);
      if (lastActivityAt === null || at > lastActivityAt) lastActivityAt = at;
    }
  }
  return {
    run: runSummaryOf(run),
    items,
    summary: null,
    series: seriesFromItems(run),
    lastActivityAt,
    newFailureSeq: null,
    newFailureAt: null,
  };
};

const entryFromWall = (run: WallRun): RunEntry => ({
  run: runSummaryOf(run),
  items: new Map(),
  summary: { failures: run.failures, testers: run.testers },
  series: run.progress.map((point) => ({
    seq: 0,
    at: point.at,
    done: point.done,
    failed: point.failed,
    total: run.counts.total,
    // A slice that held a bulk import says so: the ETA does not take its jump as pace.
    ...(point.results === undefined ? {} : { results: point.results }),
  })),
  lastActivityAt: run.lastActivityAt,
  newFailureSeq: null,
  newFailureAt: null,
});

const isDetail = (run: TestRunDetail | WallRun): run is TestRunDetail => "items" in run;

/** A new run on a wall's stream: its summary from the items it was created with. */
const asSummaryEntry = (entry: RunEntry): RunEntry => {
  const failures: WallFailure[] = [];
  const testers: WallTester[] = [];
  for (const item of entry.items.values()) {
    const at = timeOf(item.updatedAt);
    if (item.status === "failed")
      failures.push({ id: item.id, title: item.title, section: item.section, at, by: item.updatedBy });
    if (item.updatedBy !== null) testers.push({ name: item.updatedBy, at });
  }
  failures.sort((a, b) => b.at - a.at);
  return {
    ...entry,
    items: new Map(),
    summary: { failures: failures.slice(0, wallLimits.failures), testers: testers.slice(0, wallLimits.testers) },
  };
};

/** A wall summary after one item changed: its failure leaves or joins the list, its tester moves up. */
const summaryAfter = (summary: WallSummary, item: TestItem, at: number): WallSummary => {
  const others = summary.failures.filter((failure) => failure.id !== item.id);
  const failures =
    item.status === "failed"
      ? [{ id: item.id, title: item.title, section: item.section, at, by: item.updatedBy }, ...others].slice(
          0,
          wallLimits.failures,
        )
      : others;
  const name = item.updatedBy ?? (item.status === "untested" || item.status === "retest" ? item.assignee : null);
  const testers =
    name === null
      ? summary.testers
      : [{ name, at }, ...summary.testers.filter((tester) => tester.name !== name)].slice(0, wallLimits.testers);
  return { failures, testers };
};

/**
 * Applies a batch of decoded events. Copy-on-write: only the runs an event touches are copied,
 * and each run's item map at most once per batch.
 *
 * Events with a seq at or below the last one applied are dropped (a replay, a resume that sent
 * something twice): their counts are from the past. Snapshots and resets always apply. The parts
 * of one `batch` share its seq and arrive together, one after the other; they all apply.
 */
export const applyEvents = (state: LiveState, events: ReadonlyArray<LiveEvent>): LiveState => {
  if (events.length === 0) return state;
  let runs = state.runs;
  let runsCopied = false;
  const itemsCopied = new Set<string>();
  const newActivity: ActivityEntry[] = [];
  const newComments: Comment[] = [];
  let lastSeq = state.lastSeq;
  let summaries = state.summaries;
  let ready = state.ready;
  let generation = state.generation;

  const writableRuns = (): Map<string, RunEntry> => {
    if (!runsCopied) {
      runs = new Map(runs);
      runsCopied = true;
    }
    return runs as Map<string, RunEntry>;
  };
  const writableItems = (runId: string, current: RunEntry): Map<string, TestItem> => {
    if (itemsCopied.has(runId)) return current.items as Map<string, TestItem>;
    itemsCopied.add(runId);
    return new Map(current.items);
  };
  const titleOf = (runId: string, itemId: string): string | null => runs.get(runId)?.items.get(itemId)?.title ?? null;

  /** seq of the event applied just before, so the later parts of a batch are not taken for repeats. */
  let appliedSeq: number | null = null;

  for (const event of events) {
    if (event.kind !== "state" && event.seq <= lastSeq && event.seq !== appliedSeq) continue;
    appliedSeq = event.seq;
    lastSeq = Math.max(lastSeq, event.seq);
    const previousItem = event.kind === "item_updated" ? runs.get(event.runId)?.items.get(event.item.id) : undefined;
    switch (event.kind) {
      case "state": {
        const next = new Map<string, RunEntry>();
        summaries = false;
        for (const run of event.runs) {
          if (isDetail(run)) next.set(run.id, entryFromDetail(run));
          else {
            next.set(run.id, entryFromWall(run));
            summaries = true;
          }
        }
        runs = next;
        runsCopied = true;
        // The fresh maps belong to this batch: no need to copy them again.
        itemsCopied.clear();
        for (const run of event.runs) itemsCopied.add(run.id);
        ready = true;
        generation += 1;
        lastSeq = event.seq;
        break;
      }
      case "run_created": {
        const detail = entryFromDetail(event.run);
        const created = summaries ? asSummaryEntry(detail) : detail;
        writableRuns().set(event.run.id, { ...created, lastActivityAt: created.lastActivityAt ?? event.at });
        itemsCopied.add(event.run.id);
        break;
      }
      case "run_updated":
      case "status_changed": {
        const current = runs.get(event.run.id);
        if (current === undefined) break;
        writableRuns().set(event.run.id, { ...current, run: { ...runSummaryOf(event.run), counts: event.run.counts } });
        break;
      }
      case "run_deleted": {
        if (runs.has(event.runId)) writableRuns().delete(event.runId);
        break;
      }
      case "items_added": {
        const current = runs.get(event.runId);
        if (current === undefined) break;
        // A wall's stream keeps no items: only the counts change.
        const items = current.summary === null ? writableItems(event.runId, current) : null;
        if (items !== null) for (const item of event.items) items.set(item.id, item);
        writableRuns().set(event.runId, {
          ...current,
          items: items ?? current.items,
          run: { ...current.run, counts: event.counts },
          series: appendPoint(current.series, pointOf(event.seq, event.at, event.counts, 0)),
        });
        break;
      }
      case "item_updated": {
        const current = runs.get(event.runId);
        if (current === undefined) break;
        const items = current.summary === null ? writableItems(event.runId, current) : null;
        items?.set(event.item.id, event.item);
        const turnedFailed = event.item.status === "failed" && event.previousStatus !== "failed";
        writableRuns().set(event.runId, {
          ...current,
          items: items ?? current.items,
          summary: current.summary === null ? null : summaryAfter(current.summary, event.item, event.at),
          run: { ...current.run, counts: event.counts },
          series: appendPoint(current.series, pointOf(event.seq, event.at, event.counts, 1)),
          lastActivityAt: Math.max(current.lastActivityAt ?? 0, event.at),
          newFailureSeq: turnedFailed ? event.seq : current.newFailureSeq,
          newFailureAt: turnedFailed ? event.at : current.newFailureAt,
        });
        break;
      }
      case "comment_added": {
        newComments.push(event.comment);
        const current = runs.get(event.runId);
        if (current !== undefined)
          writableRuns().set(event.runId, {
            ...current,
            lastActivityAt: Math.max(current.lastActivityAt ?? 0, event.at),
          });
        break;
      }
    }
    const line = activityOf(event, previousItem, titleOf);
    if (line !== null) newActivity.push(line);
  }

  return {
    lastSeq,
    summaries,
    ready,
    generation,
    runs,
    activity: mergeActivity(state.activity, foldBatches(newActivity)),
    comments: mergeComments(state.comments, newComments),
  };
};

/**
 * Forgets runs that finished long ago (the server's `?all=1` snapshot leaves them out after 24 h;
 * without this a month-long wall would keep every run it ever saw).
 */
export const pruneFinished = (state: LiveState, serverNow: number, retainMs: number): LiveState => {
  let changed = false;
  const runs = new Map(state.runs);
  for (const [id, entry] of state.runs) {
    if (isActive(entry.run.status)) continue;
    const finishedAt = timeOf(entry.run.completedAt ?? entry.run.updatedAt);
    if (finishedAt > 0 && serverNow - finishedAt > retainMs) {
      runs.delete(id);
      changed = true;
    }
  }
  return changed ? { ...state, runs } : state;
};
