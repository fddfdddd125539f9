import { Schema } from "effect";

export const ItemStatuses = ["untested", "passed", "failed", "blocked", "skipped", "retest"] as const;
export const ItemStatus = Schema.Literals(ItemStatuses);
export type ItemStatus = typeof ItemStatus.Type;

/** Statuses that count as "done" for progress. `retest` and `untested` still need work. */
export const DoneStatuses: ReadonlySet<ItemStatus> = new Set(["passed", "failed", "blocked", "skipped"]);

export const TestItem = Schema.Struct({
  id: Schema.String,
  runId: Schema.String,
  key: Schema.NullOr(Schema.String),
  title: Schema.String,
  section: Schema.String,
  position: Schema.Int,
  status: ItemStatus,
  assignee: Schema.NullOr(Schema.String),
  note: Schema.NullOr(Schema.String),
  durationMs: Schema.NullOr(Schema.Int),
  updatedAt: Schema.String,
  updatedBy: Schema.NullOr(Schema.String),
  version: Schema.Int,
});
export type TestItem = typeof TestItem.Type;
