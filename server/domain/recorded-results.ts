import { Schema } from "effect";
import { RunCounts } from "./run-counts.ts";
import { TestItem } from "./test-item.ts";

/** The answer to recording a CI job's results: the items written, how many were added, the run's counts. */
export const RecordedResults = Schema.Struct({ items: Schema.Array(TestItem), added: Schema.Int, counts: RunCounts });
export type RecordedResults = typeof RecordedResults.Type;
