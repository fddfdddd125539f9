import type { Comment } from "../comment.ts";
import type { RunCounts } from "../run-counts.ts";
import type { ItemStatus, TestItem } from "../test-item.ts";
import type { Labels, RunStatus, TestRunDetail, TestRunSummary } from "../test-run.ts";

/**
 * The write model: a run and its items as decisions read and return them. Times are integer
 * milliseconds since the epoch (server time); the views below turn them into what the API and
 * the stream send (ISO 8601).
 */
export interface RunState {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly labels: Labels;
  readonly status: RunStatus;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  readonly updatedAt: number;
  readonly version: number;
  readonly counts: RunCounts;
  /** The position the next added item takes: items keep the order they were added in. */
  readonly nextPosition: number;
}

export interface ItemState {
  readonly id: string;
  readonly runId: string;
  readonly key: string | null;
  readonly title: string;
  readonly section: string;
  readonly position: number;
  readonly status: ItemStatus;
  readonly assignee: string | null;
  readonly note: string | null;
  readonly durationMs: number | null;
  readonly updatedAt: number;
  readonly updatedBy: string | null;
  readonly version: number;
}

export interface CommentState {
  readonly id: string;
  readonly runId: string;
  readonly itemId: string | null;
  readonly author: string;
  readonly body: string;
  readonly createdAt: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const runSummaryOf = (run: RunState): TestRunSummary => ({
  id: run.id,
  name: run.name,
  description: run.description,
  labels: run.labels,
  status: run.status,
  createdAt: iso(run.createdAt),
  startedAt: isoOrNull(run.startedAt),
  completedAt: isoOrNull(run.completedAt),
  updatedAt: iso(run.updatedAt),
  version: run.version,
  counts: run.counts,
});

export const itemOf = (item: ItemState): TestItem => ({
  id: item.id,
  runId: item.runId,
  key: item.key,
  title: item.title,
  section: item.section,
  position: item.position,
  status: item.status,
  assignee: item.assignee,
  note: item.note,
  durationMs: item.durationMs,
  updatedAt: iso(item.updatedAt),
  updatedBy: item.updatedBy,
  version: item.version,
});

/** A run with its items, in position order (the items as given, already ordered). */
export const runDetailOf = (run: RunState, items: ReadonlyArray<ItemState>): TestRunDetail => ({
  ...runSummaryOf(run),
  items: items.map(itemOf),
});

export const commentOf = (comment: CommentState): Comment => ({ ...comment, createdAt: iso(comment.createdAt) });
