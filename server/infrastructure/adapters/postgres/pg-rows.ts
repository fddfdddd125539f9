import { pickCounts } from "../../../domain/run-counts.ts";
import type { ItemStatus } from "../../../domain/test-item.ts";
import type { Labels, RunStatus } from "../../../domain/test-run.ts";
import type { CommentState, ItemState, RunState } from "../../../domain/write-model/state.ts";

/**
 * Rows as node-postgres returns them from raw SQL: bigint (int8) columns arrive as strings, so
 * every time and seq is turned into a number here.
 */
export interface RunRowPg {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly labels: Labels;
  readonly status: RunStatus;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly completed_at: string | null;
  readonly updated_at: string;
  readonly version: number;
  readonly next_position: number;
  readonly total: number;
  readonly untested: number;
  readonly passed: number;
  readonly failed: number;
  readonly blocked: number;
  readonly skipped: number;
  readonly retest: number;
}

export interface ItemRowPg {
  readonly id: string;
  readonly run_id: string;
  readonly key: string | null;
  readonly title: string;
  readonly section: string;
  readonly position: number;
  readonly status: ItemStatus;
  readonly assignee: string | null;
  readonly note: string | null;
  readonly duration_ms: number | null;
  readonly updated_at: string;
  readonly updated_by: string | null;
  readonly version: number;
}

export interface CommentRowPg {
  readonly id: string;
  readonly run_id: string;
  readonly item_id: string | null;
  readonly author: string;
  readonly body: string;
  readonly created_at: string;
}

const msOrNull = (value: string | null): number | null => (value === null ? null : Number(value));

export const runColumns =
  "id, name, description, labels, status, created_at, started_at, completed_at, updated_at, version, next_position, total, untested, passed, failed, blocked, skipped, retest";
export const itemColumns =
  "id, run_id, key, title, section, position, status, assignee, note, duration_ms, updated_at, updated_by, version";

export const runStateOfPg = (row: RunRowPg): RunState => ({
  id: row.id,
  name: row.name,
  description: row.description,
  labels: row.labels,
  status: row.status,
  createdAt: Number(row.created_at),
  startedAt: msOrNull(row.started_at),
  completedAt: msOrNull(row.completed_at),
  updatedAt: Number(row.updated_at),
  version: row.version,
  nextPosition: row.next_position,
  counts: pickCounts(row),
});

export const itemStateOfPg = (row: ItemRowPg): ItemState => ({
  id: row.id,
  runId: row.run_id,
  key: row.key,
  title: row.title,
  section: row.section,
  position: row.position,
  status: row.status,
  assignee: row.assignee,
  note: row.note,
  durationMs: row.duration_ms,
  updatedAt: Number(row.updated_at),
  updatedBy: row.updated_by,
  version: row.version,
});

export const commentStateOfPg = (row: CommentRowPg): CommentState => ({
  id: row.id,
  runId: row.run_id,
  itemId: row.item_id,
  author: row.author,
  body: row.body,
  createdAt: Number(row.created_at),
});

/** A run's columns in `runColumns` order, as query parameters. */
export const runParams = (run: RunState): unknown[] => [
  run.id,
  run.name,
  run.description,
  JSON.stringify(run.labels),
  run.status,
  run.createdAt,
  run.startedAt,
  run.completedAt,
  run.updatedAt,
  run.version,
  run.nextPosition,
  run.counts.total,
  run.counts.untested,
  run.counts.passed,
  run.counts.failed,
  run.counts.blocked,
  run.counts.skipped,
  run.counts.retest,
];

/** An item's columns in `itemColumns` order, as query parameters. */
export const itemParams = (item: ItemState): unknown[] => [
  item.id,
  item.runId,
  item.key,
  item.title,
  item.section,
  item.position,
  item.status,
  item.assignee,
  item.note,
  item.durationMs,
  item.updatedAt,
  item.updatedBy,
  item.version,
];

/** "($1, $2, …), ($n+1, …)" for `rows` rows of `width` parameters each. */
export const placeholders = (rows: number, width: number): string =>
  Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`,
  ).join(", ");
