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

/** A run's summary fields alone (a detail without its items, a wall run without its extras). */
export const runSummaryOf = (run: TestRunSummary): TestRunSummary => ({
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
  counts: run.counts,
});

export const TestRunDetail = Schema.Struct({
  ...TestRunSummary.fields,
  items: Schema.Array(TestItem),
});
export type TestRunDetail = typeof TestRunDetail.Type;
