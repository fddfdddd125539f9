import { Effect } from "effect";
import { Argument, Command } from "effect/cli";
import { RunIdParams, SetRunStatusBody } from "../../server/domain/requests.ts";
import { TestRunSummary } from "../../server/domain/test-run.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { fetchJson } from "../http-client.ts";
import { printResult } from "../output.ts";

const statuses = ["running", "paused", "completed", "aborted"] as const;

export const runStatusLines = (run: TestRunSummary): ReadonlyArray<string> => [
  `Run ${run.id} "${run.name}" is ${run.status}.`,
];

/**
 * `medi-test run status <run> running|paused|completed|aborted`: PUT …/status. A CI job that
 * alone fills a run completes it, so that `watch --until-complete` ends and walls show it finished.
 */
export const runStatusCommand = () =>
  Command.make(
    "status",
    {
      run: Argument.String("run").pipe(Argument.withDescription("the run's id")),
      status: Argument.Literals("status", statuses).pipe(
        Argument.withDescription("running, paused, completed or aborted (a finished run may be set running again)"),
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        const { id } = yield* decodeInput(RunIdParams, { id: input.run }, "the run id", "1 to 64 characters");
        const body = yield* decodeInput(SetRunStatusBody, { status: input.status }, "the status");
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            const run = yield* fetchJson(connection, {
              method: "PUT",
              path: `/api/test-runs/${encodeURIComponent(id)}/status`,
              body,
              response: TestRunSummary,
            });
            yield* printResult(input.json, run, () => runStatusLines(run));
          }),
        );
      }),
  ).pipe(Command.withDescription("Start, pause, complete or abort a run (tester token)"));
