import type { Comment } from "../../../domain/comment.ts";
import type { RunCounts } from "../../../domain/run-counts.ts";
import type { TestItem } from "../../../domain/test-item.ts";
import type { TestRunSummary } from "../../../domain/test-run.ts";
import type * as schema from "./schema.ts";

export type RunRow = typeof schema.runs.$inferSelect;
export type ItemRow = typeof schema.items.$inferSelect;
export type CommentRow = typeof schema.comments.$inferSelect;

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export const countsOf = (row: RunRow): RunCounts => ({
  total: row.total,
  untested: row.untested,
  passed: row.passed,
  failed: row.failed,
  blocked: row.blocked,
  skipped: row.skipped,
  retest: row.retest,
});

export const toRunSummary = (row: RunRow): TestRunSummary => ({
  id: row.id,
  name: row.name,
  description: row.description,
  labels: row.labels,
  status: row.status,
  createdAt: iso(row.createdAt),
  startedAt: isoOrNull(row.startedAt),
  completedAt: isoOrNull(row.completedAt),
  updatedAt: iso(row.updatedAt),
  version: row.version,
  counts: countsOf(row),
});

export const toItem = (row: ItemRow): TestItem => ({
  id: row.id,
  runId: row.runId,
  key: row.key,
  title: row.title,
  section: row.section,
  position: row.position,
  status: row.status,
  assignee: row.assignee,
  note: row.note,
  durationMs: row.durationMs,
  updatedAt: iso(row.updatedAt),
  updatedBy: row.updatedBy,
  version: row.version,
});

export const toComment = (row: CommentRow): Comment => ({
  id: row.id,
  runId: row.runId,
  itemId: row.itemId,
  author: row.author,
  body: row.body,
  createdAt: iso(row.createdAt),
});
