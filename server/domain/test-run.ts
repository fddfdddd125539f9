import { Schema } from "effect";
import { RunCounts } from "./run-counts.ts";
import { TestItem } from "./test-item.ts";

export const RunStatuses = ["planned", "running", "paused", "completed", "aborted"] as const;
export const RunStatus = Schema.Literals(RunStatuses);
export type RunStatus = typeof RunStatus.Type;

export const Labels = Schema.Record(Schema.String, Schema.String);
export type Labels = typeof Labels.Type;

export const TestRunSummary = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  labels: Labels,
  status: RunStatus,
  createdAt: Schema.String,
  startedAt: Schema.NullOr(Schema.String),
  completedAt: Schema.NullOr(Schema.String),
  updatedAt: Schema.String,
  version: Schema.Int,
  counts: RunCounts,
});
export type TestRunSummary = typeof TestRunSummary.Type;

export const TestRunDetail = Schema.Struct({
  ...TestRunSummary.fields,
  items: Schema.Array(TestItem),
});
export type TestRunDetail = typeof TestRunDetail.Type;
