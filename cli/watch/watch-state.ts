import type { BatchPart, TypedEvent } from "../../server/domain/events.ts";
import { type DonePoint, doneCount, estimateFinish } from "../../server/domain/progress.ts";
import { isActive } from "../../server/domain/run-status.ts";
import { DoneStatuses, type TestItem } from "../../server/domain/test-item.ts";
import { runSummaryOf, type TestRunDetail, type TestRunSummary } from "../../server/domain/test-run.ts";
import type { WallRun } from "../../server/domain/wall-run.ts";

/**
 * What `medi-test watch` knows of one run, folded from GET /api/test-runs/:id and the run's
 * stream. Pure: every function returns a new state; the rules (done, pass rate, ETA from the
 * people's steady pace) are server/domain's, as on the boards.
 */

/** A result that makes the run fail: failed, or blocked (a CI gate cannot call a blocked test good). */
export type FailingStatus = "failed" | "blocked";
export const isFailing = (status: TestItem["status"]): status is FailingStatus =>
  status === "failed" || status === "blocked";

export interface FailureLine {
  readonly itemId: string;
  readonly key: string | null;
  readonly title: string;
  readonly status: FailingStatus;
  /** The note's first line, if any. */
  readonly note: string | null;
  /** Server ms of the result. */
  readonly at: number;
}

/** A progress point with the seq of the event behind it (0: rebuilt from item times). */
export interface HistoryPoint extends DonePoint {
  readonly seq: number;
}

export interface RunWatchState {
  readonly run: TestRunSummary;
  /** Every item that is failed or blocked now, by id (bounded by the run's size). */
  readonly failing: ReadonlyMap<string, FailureLine>;
  /** Oldest first, at most `historyLimit` points. */
  readonly history: ReadonlyArray<HistoryPoint>;
  /** Newest seq applied; 0 before the stream's snapshot. */
  readonly lastSeq: number;
  /** The run was deleted while watched. */
  readonly deleted: boolean;
}

export const historyLimit = 400;
/** Failures a view lists. */
export const failureLimit = 5;

/** Server ms from an ISO string; 0 when it does not parse. */
export const timeOf = (iso: string | null): number => {
  const ms = iso === null ? Number.NaN : Date.parse(iso);
  return Number.isFinite(ms) ? ms : 0;
};

export const firstLine = (text: string | null): string | null => {
  if (text === null) return null;
  const line =
    text
      .trim()
      .split(/\r?\n|\r/, 1)[0]
      ?.trim() ?? "";
  return line === "" ? null : line;
};

const failureOf = (item: TestItem): FailureLine | null =>
  isFailing(item.status)
    ? {
        itemId: item.id,
        key: item.key,
        title: item.title,
        status: item.status,
        note: firstLine(item.note),
        at: timeOf(item.updatedAt),
      }
    : null;

/**
 * Adds a point after an event. The parts of one `batch` share its seq: they become one point
 * carrying all their results (a bulk step, never taken as pace). A point that changes nothing is
 * left out; the oldest points go when there are more than `max`.
 */
export const appendHistory = (
  history: ReadonlyArray<HistoryPoint>,
  point: HistoryPoint,
  max: number = historyLimit,
): ReadonlyArray<HistoryPoint> => {
  const last = history[history.length - 1];
  if (last !== undefined && point.seq > 0 && last.seq === point.seq) {
    const merged = { ...point, at: last.at, results: (last.results ?? 1) + (point.results ?? 1) };
    return [...history.slice(0, -1), merged];
  }
  if (last !== undefined && last.done === point.done) return history;
  const next = [...history, point];
  return next.length > max ? next.slice(next.length - max) : next;
};

/**
 * The progress curve rebuilt from item times (each finished item counts at its last update;
 * items of one bulk import share their time and make one bulk point), for a first ETA.
 */
export const historyFromItems = (
  items: ReadonlyArray<TestItem>,
  max: number = historyLimit,
): ReadonlyArray<HistoryPoint> => {
  const times = items
    .filter((item) => DoneStatuses.has(item.status))
    .map((item) => timeOf(item.updatedAt))
    .filter((at) => at > 0)
    .sort((a, b) => a - b);
  const points: HistoryPoint[] = [];
  let done = 0;
  for (const at of times) {
    done += 1;
    const last = points[points.length - 1];
    if (last !== undefined && last.at === at)
      points[points.length - 1] = { ...last, done, results: (last.results ?? 1) + 1 };
    else points.push({ seq: 0, at, done, results: 1 });
  }
  return points.length > max ? points.slice(points.length - max) : points;
};

export const runStateFromDetail = (detail: TestRunDetail, lastSeq = 0): RunWatchState => {
  const failing = new Map<string, FailureLine>();
  for (const item of detail.items) {
    const failure = failureOf(item);
    if (failure !== null) failing.set(item.id, failure);
  }
  return { run: runSummaryOf(detail), failing, history: historyFromItems(detail.items), lastSeq, deleted: false };
};

/** One changed item: the run's new counts, its failure listed or cleared, a progress point. */
const withItem = (
  state: RunWatchState,
  item: TestItem,
  counts: TestRunSummary["counts"],
  seq: number,
  at: number,
): RunWatchState => {
  const failure = failureOf(item);
  const had = state.failing.has(item.id);
  let failing = state.failing;
  if (failure !== null || had) {
    const next = new Map(state.failing);
    if (failure === null) next.delete(item.id);
    else next.set(item.id, failure);
    failing = next;
  }
  return {
    ...state,
    run: { ...state.run, counts },
    failing,
    history: appendHistory(state.history, { seq, at, done: doneCount(counts), results: 1 }),
  };
};

const withPart = (state: RunWatchState, part: BatchPart, seq: number, at: number): RunWatchState => {
  switch (part.type) {
    case "item_updated":
      return withItem(state, part.data.item, part.data.counts, seq, at);
    case "items_added":
      return {
        ...state,
        run: { ...state.run, counts: part.data.counts },
        history: appendHistory(state.history, { seq, at, done: doneCount(part.data.counts), results: 0 }),
      };
    case "status_changed":
      return { ...state, run: runSummaryOf(part.data.run) };
  }
};

const isDetail = (run: TestRunDetail | WallRun): run is TestRunDetail => "items" in run;

/**
 * Applies one event of the run's stream. Events at or below the last seq applied are dropped (a
 * replay sent twice); a snapshot or reset replaces the state. Events of other runs are ignored.
 */
export const applyRunEvent = (state: RunWatchState, event: TypedEvent): RunWatchState => {
  if (event.type === "snapshot" || event.type === "reset") {
    const run = event.data.runs.find((candidate) => candidate.id === state.run.id);
    if (run === undefined) return { ...state, lastSeq: event.seq, deleted: true };
    return isDetail(run)
      ? runStateFromDetail(run, event.seq)
      : { ...state, run: runSummaryOf(run), lastSeq: event.seq, deleted: false };
  }
  if (event.seq <= state.lastSeq) return state;
  const at = timeOf(event.timestamp);
  const next = { ...state, lastSeq: event.seq };
  if (event.testRunId !== state.run.id) return next;
  switch (event.type) {
    case "item_updated":
      return withItem(next, event.data.item, event.data.counts, event.seq, at);
    case "items_added":
      return withPart(next, { type: "items_added", data: event.data }, event.seq, at);
    case "status_changed":
      return withPart(next, { type: "status_changed", data: event.data }, event.seq, at);
    case "batch":
      return event.data.events.reduce((folded, part) => withPart(folded, part, event.seq, at), next);
    case "run_updated":
      return { ...next, run: runSummaryOf(event.data.run) };
    case "run_created":
      return runStateFromDetail(event.data.run, event.seq);
    case "run_deleted":
      return { ...next, deleted: true };
    case "comment_added":
      return next;
  }
};

/** The newest failures first, at most `limit`. */
export const newestFailures = (state: RunWatchState, limit: number = failureLimit): ReadonlyArray<FailureLine> =>
  [...state.failing.values()].sort((a, b) => b.at - a.at || (a.itemId < b.itemId ? -1 : 1)).slice(0, limit);

/** Failed and blocked results: what `--exit-on-failure` and `--until-complete` count as failure. */
export const failureCount = (counts: TestRunSummary["counts"]): number => counts.failed + counts.blocked;

/** Estimated finish (server ms) from the run's steady pace, null when unknown or the run is finished. */
export const etaOf = (state: RunWatchState, serverNow: number): number | null =>
  isActive(state.run.status) ? estimateFinish(state.run.counts, state.history, serverNow) : null;

export interface ExitRules {
  readonly exitOnFailure: boolean;
  readonly untilComplete: boolean;
}

export type Verdict =
  | { readonly _tag: "watching" }
  | { readonly _tag: "done" }
  | { readonly _tag: "failed"; readonly reason: string };

const failuresText = (counts: TestRunSummary["counts"]): string =>
  `${counts.failed} failed and ${counts.blocked} blocked result${counts.failed + counts.blocked === 1 ? "" : "s"}`;

/**
 * Whether watching ends, and how: `--exit-on-failure` as soon as the run has a failed or blocked
 * result (also one it had when watching began); `--until-complete` when the run is completed (done,
 * or failed when it has failed or blocked results) or aborted (failed). A deleted run always ends.
 */
export const verdictOf = (state: RunWatchState, rules: ExitRules): Verdict => {
  const { run } = state;
  if (state.deleted) return { _tag: "failed", reason: `run ${run.id} was deleted` };
  if (rules.exitOnFailure && failureCount(run.counts) > 0)
    return { _tag: "failed", reason: `run "${run.name}" has ${failuresText(run.counts)} (--exit-on-failure)` };
  if (rules.untilComplete && run.status === "aborted")
    return { _tag: "failed", reason: `run "${run.name}" was aborted` };
  if (rules.untilComplete && run.status === "completed")
    return failureCount(run.counts) === 0
      ? { _tag: "done" }
      : { _tag: "failed", reason: `run "${run.name}" completed with ${failuresText(run.counts)}` };
  return { _tag: "watching" };
};

/** Every run of the lab, as `watch --all` shows them. */
export interface LabWatchState {
  readonly runs: ReadonlyMap<string, TestRunSummary>;
  readonly lastSeq: number;
}

export const labStateFromList = (runs: ReadonlyArray<TestRunSummary>): LabWatchState => ({
  runs: new Map(runs.map((run) => [run.id, runSummaryOf(run)])),
  lastSeq: 0,
});

const withRun = (state: LabWatchState, run: TestRunSummary): LabWatchState => {
  const runs = new Map(state.runs);
  runs.set(run.id, runSummaryOf(run));
  return { ...state, runs };
};

const withCounts = (state: LabWatchState, runId: string, counts: TestRunSummary["counts"]): LabWatchState => {
  const run = state.runs.get(runId);
  return run === undefined ? state : withRun(state, { ...run, counts });
};

const withLabPart = (state: LabWatchState, part: BatchPart, runId: string): LabWatchState =>
  part.type === "status_changed" ? withRun(state, part.data.run) : withCounts(state, runId, part.data.counts);

/**
 * Applies one event of the lab's stream (`/api/stream?all=1`). Its snapshot holds the active runs
 * and those finished within a day; runs listed before that it leaves out are kept when they are
 * finished (they cannot change unnoticed: reopening one is an event) and dropped when active.
 */
export const applyLabEvent = (state: LabWatchState, event: TypedEvent): LabWatchState => {
  if (event.type === "snapshot" || event.type === "reset") {
    const runs = new Map<string, TestRunSummary>();
    for (const [id, run] of state.runs) if (!isActive(run.status)) runs.set(id, run);
    for (const run of event.data.runs) runs.set(run.id, runSummaryOf(run));
    return { runs, lastSeq: event.seq };
  }
  if (event.seq <= state.lastSeq) return state;
  const next = { ...state, lastSeq: event.seq };
  switch (event.type) {
    case "run_created":
      return withRun(next, event.data.run);
    case "run_updated":
    case "status_changed":
      return withRun(next, event.data.run);
    case "run_deleted": {
      if (!next.runs.has(event.data.id)) return next;
      const runs = new Map(next.runs);
      runs.delete(event.data.id);
      return { ...next, runs };
    }
    case "item_updated":
    case "items_added":
      return withCounts(next, event.testRunId, event.data.counts);
    case "batch":
      return event.data.events.reduce((folded, part) => withLabPart(folded, part, event.testRunId), next);
    case "comment_added":
      return next;
  }
};

/** Active runs first, then finished ones; newest first within each. */
export const labRuns = (state: LabWatchState): ReadonlyArray<TestRunSummary> =>
  [...state.runs.values()].sort(
    (a, b) =>
      Number(isActive(b.status)) - Number(isActive(a.status)) ||
      timeOf(b.createdAt) - timeOf(a.createdAt) ||
      (a.id < b.id ? -1 : 1),
  );
