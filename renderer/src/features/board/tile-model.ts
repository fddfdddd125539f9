import { estimateFinish, passRate, progress } from "../../../../server/domain/progress.ts";
import { isActive } from "../../../../server/domain/run-status.ts";
import { wallLimits } from "../../../../server/domain/wall-run.ts";
import type { RunEntry, WallSummary } from "../../shared/live/live-state.ts";
import { labelsText } from "../../shared/ui/labels-text.ts";
import { type RunCounts, type RunStatus, timeOf } from "../../shared/live/wire.ts";
import { compareSeverity, hasNewFailure, isStalled, type RunHealth, runHealth } from "./wall-order.ts";

export interface FailureLine {
  readonly id: string;
  readonly title: string;
  readonly at: number;
}

export interface TileModel {
  readonly id: string;
  readonly name: string;
  readonly labels: string;
  readonly status: RunStatus;
  readonly counts: RunCounts;
  readonly progress: number;
  readonly passRate: number | null;
  readonly eta: number | null;
  readonly health: RunHealth;
  /** Server ms the run finished (completed or aborted), null while it is open. */
  readonly finishedAt: number | null;
  /** Started to finished, ms; null while open or when it never started. */
  readonly durationMs: number | null;
  /** Running without a result for a long while. */
  readonly stalled: boolean;
  /** A failure within the last minutes: the run heads the wall. */
  readonly newFailure: boolean;
  /** Newest failures first. */
  readonly failures: ReadonlyArray<FailureLine>;
  readonly testers: ReadonlyArray<string>;
  readonly lastActivityAt: number | null;
  readonly needsAttention: boolean;
  readonly newFailureSeq: number | null;
  readonly newFailureAt: number | null;
}

/** Someone who recorded a result this recently, or holds an open item, counts as testing. */
export const testingWindowMs = wallLimits.testingWindowMs;

export const needsAttention = (counts: RunCounts): boolean => counts.failed > 0 || counts.blocked > 0;

/** Failures and testers of a run on a wall's stream, from its summary. */
const fromSummary = (summary: WallSummary, serverNow: number) => ({
  failures: summary.failures.map((failure) => ({ id: failure.id, title: failure.title, at: failure.at })),
  testers: new Map(
    summary.testers
      .filter((tester) => serverNow - tester.at <= testingWindowMs)
      .map((tester) => [tester.name, tester.at]),
  ),
});

/** Failures and testers of a run whose items are known. */
const fromItems = (items: RunEntry["items"], serverNow: number) => {
  const failures: FailureLine[] = [];
  const testers = new Map<string, number>();
  for (const item of items.values()) {
    const at = timeOf(item.updatedAt);
    if (item.status === "failed") failures.push({ id: item.id, title: item.title, at });
    if (item.updatedBy !== null && serverNow - at <= testingWindowMs)
      testers.set(item.updatedBy, Math.max(testers.get(item.updatedBy) ?? 0, at));
    if (item.assignee !== null && (item.status === "untested" || item.status === "retest"))
      testers.set(item.assignee, Math.max(testers.get(item.assignee) ?? 0, at));
  }
  failures.sort((a, b) => b.at - a.at);
  return { failures, testers };
};

export const tileModel = (entry: RunEntry, serverNow: number, maxFailures: number): TileModel => {
  const { run } = entry;
  const finished = !isActive(run.status);
  const finishedAt = finished ? timeOf(run.completedAt ?? run.updatedAt) : null;
  const startedAt = run.startedAt === null ? null : timeOf(run.startedAt);
  const { failures, testers } =
    entry.summary === null ? fromItems(entry.items, serverNow) : fromSummary(entry.summary, serverNow);
  return {
    id: run.id,
    name: run.name,
    labels: labelsText(run.labels),
    status: run.status,
    counts: run.counts,
    progress: progress(run.counts),
    passRate: passRate(run.counts),
    eta: isActive(run.status) ? estimateFinish(run.counts, entry.series, serverNow) : null,
    health: runHealth(run.status, run.counts),
    finishedAt,
    durationMs: finishedAt === null || startedAt === null ? null : Math.max(0, finishedAt - startedAt),
    stalled: isStalled(entry, serverNow),
    newFailure: hasNewFailure(entry, serverNow),
    failures: failures.slice(0, maxFailures),
    testers: [...testers.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name),
    lastActivityAt: entry.lastActivityAt,
    needsAttention: needsAttention(run.counts),
    newFailureSeq: entry.newFailureSeq,
    newFailureAt: entry.newFailureAt,
  };
};

/** Finished runs stay on the wall this long, so the final result can be read. */
export const finishedLingerMs = 60 * 60_000;

/**
 * The runs a wall shows: the requested ones (or every active run and those finished within the
 * hour), in severity order (see wall-order.ts).
 */
export const wallEntries = (
  runs: ReadonlyMap<string, RunEntry>,
  requested: ReadonlyArray<string> | null,
  serverNow: number,
): RunEntry[] => {
  const chosen: RunEntry[] = [];
  if (requested !== null) {
    for (const id of requested) {
      const entry = runs.get(id);
      if (entry !== undefined) chosen.push(entry);
    }
  } else {
    for (const entry of runs.values()) {
      const finishedAt = timeOf(entry.run.completedAt ?? entry.run.updatedAt);
      if (isActive(entry.run.status) || serverNow - finishedAt <= finishedLingerMs) chosen.push(entry);
    }
  }
  const order = new Map(requested?.map((id, index) => [id, index]) ?? []);
  return chosen.sort(compareSeverity(serverNow, order));
};

const sameList = <T>(a: ReadonlyArray<T>, b: ReadonlyArray<T>, same: (x: T, y: T) => boolean): boolean =>
  a.length === b.length &&
  a.every((x, i) => {
    const y = b[i];
    return y !== undefined && same(x, y);
  });

/** Boards show an ETA to the minute ("ETA 16:40"): ETAs within one minute look the same. */
const sameMinute = (a: number | null, b: number | null): boolean =>
  a === b || (a !== null && b !== null && Math.floor(a / 60_000) === Math.floor(b / 60_000));

/**
 * Whether two models of one run show the same: a model remade only because time passed (ETA,
 * testers, "new") keeps the old object, so its tile or row is not redrawn.
 */
export const sameShown = (a: TileModel, b: TileModel): boolean =>
  a.id === b.id &&
  a.name === b.name &&
  a.labels === b.labels &&
  a.status === b.status &&
  a.counts === b.counts &&
  sameMinute(a.eta, b.eta) &&
  a.health === b.health &&
  a.finishedAt === b.finishedAt &&
  a.durationMs === b.durationMs &&
  a.stalled === b.stalled &&
  a.newFailure === b.newFailure &&
  a.lastActivityAt === b.lastActivityAt &&
  a.newFailureSeq === b.newFailureSeq &&
  a.newFailureAt === b.newFailureAt &&
  sameList(a.testers, b.testers, (x, y) => x === y) &&
  sameList(a.failures, b.failures, (x, y) => x.id === y.id && x.title === y.title && x.at === y.at);
