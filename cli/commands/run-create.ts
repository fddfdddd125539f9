import { Effect, Option } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { CreateRunBody } from "../../server/domain/requests.ts";
import { TestRunDetail } from "../../server/domain/test-run.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { fetchJson } from "../http-client.ts";
import { printResult } from "../output.ts";

export const createdRunLines = (run: TestRunDetail): ReadonlyArray<string> => [run.id];

/**
 * `medi-test run create <name> [--label k=v]… [--description]`: an empty run a CI job then fills
 * (MEDI_TEST_RUN for the live reporters, `import junit --run`). Prints only the new id, so
 * `RUN_ID=$(medi-test run create …)` works; `--json` gives the whole run.
 */
export const runCreateCommand = () =>
  Command.make(
    "create",
    {
      name: Argument.String("name").pipe(
        Argument.withDescription('the run\'s name, as walls show it ("Nightly 2.4.1")'),
      ),
      label: Flag.KeyValuePair("label").pipe(
        Flag.withDescription("a label, key=value (repeat it: --label build=2.4.1 --label bench=A)"),
        Flag.optional,
      ),
      description: Flag.String("description").pipe(Flag.withDescription("a longer description"), Flag.optional),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        const body = yield* decodeInput(
          CreateRunBody,
          {
            name: input.name,
            ...(Option.isSome(input.label) ? { labels: input.label.value } : {}),
            ...(Option.isSome(input.description) ? { description: input.description.value } : {}),
          },
          "the run",
        );
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            const run = yield* fetchJson(connection, {
              method: "POST",
              path: "/api/test-runs",
              body,
              response: TestRunDetail,
            });
            yield* printResult(input.json, run, () => createdRunLines(run));
          }),
        );
      }),
  ).pipe(Command.withDescription("Create a run and print its id (tester token)"));
