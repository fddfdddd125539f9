import { Effect } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import {
  type RecordedResults,
  RecordedResults as RecordedResultsSchema,
} from "../../server/domain/recorded-results.ts";
import { RecordResultsBody, RunIdParams } from "../../server/domain/requests.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { fetchJson } from "../http-client.ts";
import { printResult } from "../output.ts";
import { readJsonFile } from "../read-json-file.ts";

/**
 * The file holds what POST /api/test-runs/:id/results takes — `{ "results": [...], "addMissing"?: true }` —
 * or just the results array.
 */
export const resultsBodyFrom = (content: unknown, addMissing: boolean): unknown => {
  const body = Array.isArray(content) ? { results: content } : content;
  return addMissing && typeof body === "object" && body !== null ? { ...body, addMissing: true } : body;
};

export const recordedLines = (runId: string, answer: RecordedResults): ReadonlyArray<string> => {
  const c = answer.counts;
  const added = answer.added === 0 ? "" : ` (${answer.added} new item${answer.added === 1 ? "" : "s"})`;
  return [
    `Recorded ${answer.items.length} result${answer.items.length === 1 ? "" : "s"} in run ${runId}${added}.`,
    `Run now: ${c.passed} passed, ${c.failed} failed, ${c.blocked} blocked, ${c.skipped} skipped, ${c.retest} retest, ${c.untested} untested of ${c.total}.`,
  ];
};

/** `medi-test results <run> <file.json>`: a CI job's results in one all-or-nothing request. */
export const resultsCommand = () =>
  Command.make(
    "results",
    {
      run: Argument.String("run").pipe(Argument.withDescription("the run's id")),
      file: Argument.String("file.json").pipe(
        Argument.withDescription(
          'JSON file: { "results": [{ "key", "status", ... }], "addMissing": true } or the array',
        ),
      ),
      addMissing: Flag.Boolean("add-missing").pipe(
        Flag.withDescription("create items for results whose key the run does not have yet (they need a title)"),
        Flag.withDefault(false),
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        // The file is read and decoded before anything is sent: a bad file never reaches the server.
        const { id } = yield* decodeInput(RunIdParams, { id: input.run }, "the run id", "1 to 64 characters");
        const content = yield* readJsonFile(input.file);
        const body = yield* decodeInput(RecordResultsBody, resultsBodyFrom(content, input.addMissing), input.file);
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            const answer = yield* fetchJson(connection, {
              method: "POST",
              path: `/api/test-runs/${encodeURIComponent(id)}/results`,
              body,
              response: RecordedResultsSchema,
            });
            yield* printResult(input.json, answer, () => recordedLines(id, answer));
          }),
        );
      }),
  ).pipe(Command.withDescription("Record many results in a run from a JSON file, all or nothing (tester token)"));
