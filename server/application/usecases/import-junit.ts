import { Effect } from "effect";
import type { JunitResult } from "../../domain/junit/junit-results.ts";
import type { RecordResultsBody } from "../../domain/requests.ts";
import type { Actor } from "./actor.ts";
import { createTestRun } from "./create-test-run.ts";
import { recordResults } from "./record-results.ts";
import { deleteTestRun } from "./update-test-run.ts";

/** A parsed JUnit file's results as the bulk results request they are (key, title, section for addMissing). */
export const junitResultsBody = (results: ReadonlyArray<JunitResult>, addMissing: boolean): RecordResultsBody => ({
  addMissing,
  results: results.map((r) => ({
    key: r.key,
    title: r.title,
    section: r.section,
    status: r.status,
    durationMs: r.durationMs,
    note: r.note,
  })),
});

/**
 * A JUnit file's results into a run, through the one bulk results path: one transaction, one
 * `batch` event, nothing recorded when any result matches no item.
 */
export const importJunit = Effect.fn("importJunit")(function* (runId: string, body: RecordResultsBody, actor: Actor) {
  const recorded = yield* recordResults(runId, body, actor);
  return { runId, added: recorded.added, counts: recorded.counts };
});

/**
 * A new run named by the caller, holding the file's test cases as its items with their results.
 * Two writes (the run, then its results): should the second fail, the run is deleted again, so a
 * refused import leaves no empty run on the walls.
 */
export const importJunitAsNewRun = Effect.fn("importJunitAsNewRun")(function* (
  name: string,
  body: RecordResultsBody,
  actor: Actor,
) {
  const run = yield* createTestRun({ name });
  return yield* importJunit(run.id, { ...body, addMissing: true }, actor).pipe(
    Effect.onError(() => Effect.ignore(deleteTestRun(run.id))),
  );
});
