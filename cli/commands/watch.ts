import { Effect, Option, Schema } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { RunIdParams } from "../../server/domain/requests.ts";
import { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";
import { CliIo } from "../cli-io.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { UsageError } from "../errors.ts";
import { fetchJson } from "../http-client.ts";
import { runWatchSession, type WatchTarget } from "../watch/watch-session.ts";

const RunList = Schema.Struct({ runs: Schema.Array(TestRunSummary) });

export interface WatchInput {
  readonly run: Option.Option<string>;
  readonly all: boolean;
  readonly exitOnFailure: boolean;
  readonly untilComplete: boolean;
  readonly giveUpAfter: Option.Option<number>;
}

/** What to watch, or the usage error: a run or --all (not both, not neither); the exit rules need one run. */
export const watchTargetOf = (input: WatchInput): Effect.Effect<{ readonly runId: string | null }, UsageError> =>
  Effect.gen(function* () {
    const usage = (message: string) => new UsageError({ message: `${message} (see medi-test watch --help)` });
    if (Option.isSome(input.run) && input.all) return yield* usage("give a run or --all, not both");
    if (Option.isNone(input.run) && !input.all) return yield* usage("say what to watch: a run's id, or --all");
    if (input.all && (input.exitOnFailure || input.untilComplete))
      return yield* usage("--exit-on-failure and --until-complete watch one run, not --all");
    if (Option.isSome(input.giveUpAfter) && !(input.giveUpAfter.value > 0 && input.giveUpAfter.value <= 86_400))
      return yield* usage("--give-up-after must be more than 0 and at most 86400 seconds");
    if (Option.isNone(input.run)) return { runId: null };
    const { id } = yield* decodeInput(RunIdParams, { id: input.run.value }, "the run id", "1 to 64 characters");
    return { runId: id };
  });

/** `medi-test watch <run> | --all`: live progress in the terminal, from the server's event stream. */
export const watchCommand = () =>
  Command.make(
    "watch",
    {
      run: Argument.String("run").pipe(Argument.withDescription("the run's id (or use --all)"), Argument.optional),
      all: Flag.Boolean("all").pipe(
        Flag.withDescription("every run of the lab, one line each, instead of one run"),
        Flag.withDefault(false),
      ),
      exitOnFailure: Flag.Boolean("exit-on-failure").pipe(
        Flag.withDescription("exit 1 as soon as the run has a failed or blocked result (also one it has already)"),
        Flag.withDefault(false),
      ),
      untilComplete: Flag.Boolean("until-complete").pipe(
        Flag.withDescription(
          "exit when the run is completed (0, or 1 if it has failed or blocked results) or aborted (1)",
        ),
        Flag.withDefault(false),
      ),
      giveUpAfter: Flag.Finite("give-up-after").pipe(
        Flag.withDescription(
          "exit 3 after this many seconds without a connection to the server (default: keep trying)",
        ),
        Flag.optional,
      ),
      ...connectionFlags(),
      json: Flag.Boolean("json").pipe(
        Flag.withDescription("print one JSON object per line (NDJSON) on stdout at each change, for scripts"),
        Flag.withDefault(false),
      ),
    },
    (input) =>
      Effect.gen(function* () {
        const { runId } = yield* watchTargetOf(input);
        const io = yield* CliIo;
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            // The first state by REST: an unknown run (404) or an unreachable server ends here.
            const target: WatchTarget =
              runId === null
                ? {
                    _tag: "all",
                    initial: (yield* fetchJson(connection, {
                      method: "GET",
                      path: "/api/test-runs?limit=1000",
                      response: RunList,
                    })).runs,
                  }
                : {
                    _tag: "run",
                    initial: yield* fetchJson(connection, {
                      method: "GET",
                      path: `/api/test-runs/${encodeURIComponent(runId)}`,
                      response: TestRunDetail,
                    }),
                  };
            const terminal = io.terminal;
            const failure = yield* Effect.promise(() =>
              runWatchSession(
                connection,
                target,
                {
                  json: input.json,
                  exitOnFailure: input.exitOnFailure,
                  untilComplete: input.untilComplete,
                  giveUpAfterMs: Option.match(input.giveUpAfter, {
                    onNone: () => undefined,
                    onSome: (seconds) => seconds * 1000,
                  }),
                },
                {
                  out: io.out,
                  isTty: terminal !== undefined,
                  color: terminal !== undefined && !io.env.NO_COLOR && io.env.TERM !== "dumb",
                  size: () => ({ columns: terminal?.columns ?? 80, rows: terminal?.rows ?? 24 }),
                  onInterrupt: io.onInterrupt,
                },
              ),
            );
            if (failure !== undefined) return yield* failure;
          }),
        );
      }),
  ).pipe(
    Command.withDescription(
      "Follow a run's progress live (or every run with --all); --json prints one JSON object per change",
    ),
  );
