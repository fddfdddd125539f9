import { pickCounts } from "../../../domain/run-counts.ts";
import type { CommentState, ItemState, RunState } from "../../../domain/write-model/state.ts";
import type * as schema from "./schema.ts";

export type RunRow = typeof schema.runs.$inferSelect;
export type ItemRow = typeof schema.items.$inferSelect;
export type CommentRow = typeof schema.comments.$inferSelect;

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A stored run as the write model holds it (counts in one object). */
export const runStateOf = (row: RunRow): RunState => ({
  id: row.id,
  name: row.name,
  description: row.description,
  labels: row.labels,
  status: row.status,
  createdAt: row.createdAt,
  startedAt: row.startedAt,
  completedAt: row.completedAt,
  updatedAt: row.updatedAt,
  version: row.version,
  nextPosition: row.nextPosition,
  counts: pickCounts(row),
});

/** A run of the write model as a row. */
export const runRowOf = (run: RunState): RunRow => ({
  id: run.id,
  name: run.name,
  description: run.description,
  labels: run.labels,
  status: run.status,
  createdAt: run.createdAt,
  startedAt: run.startedAt,
  completedAt: run.completedAt,
  updatedAt: run.updatedAt,
  version: run.version,
  nextPosition: run.nextPosition,
  ...run.counts,
});

// Items and comments are stored exactly as the write model holds them.
export const itemStateOf = (row: ItemRow): ItemState => row;
export const commentStateOf = (row: CommentRow): CommentState => row;
