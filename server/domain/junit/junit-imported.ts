import { Schema } from "effect";
import { RunCounts } from "../run-counts.ts";

/** The answer to a JUnit upload: what the file held and the run's counts after it. */
export const JunitImported = Schema.Struct({
  runId: Schema.String,
  /** `<testcase>` elements read; `results` after reruns of one test are folded into one. */
  cases: Schema.Int,
  results: Schema.Int,
  passed: Schema.Int,
  failed: Schema.Int,
  skipped: Schema.Int,
  flaky: Schema.Int,
  added: Schema.Int,
  counts: RunCounts,
});
