import { Effect, Option } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { JunitImported } from "../../server/domain/junit/junit-imported.ts";
import { JunitNewRunQuery, RunIdParams } from "../../server/domain/requests.ts";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { type CliFailure, describeFailure, Failure, UsageError } from "../errors.ts";
import { fetchJson } from "../http-client.ts";
import { checkJunitFile } from "../junit-file-check.ts";
import { printResult } from "../output.ts";

type Imported = typeof JunitImported.Type;

export interface JunitImport {
  readonly runId: string;
  readonly files: ReadonlyArray<{ readonly file: string } & Imported>;
  readonly counts: RunCounts;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const importedFileLine = (file: string, answer: Imported): string => {
  const parts = [`${answer.passed} passed`, `${answer.failed} failed`, `${answer.skipped} skipped`];
  if (answer.flaky > 0) parts.push(`${answer.flaky} flaky`);
  const added = answer.added === 0 ? "" : `, ${plural(answer.added, "new item")}`;
  return `${file}: ${plural(answer.results, "result")} (${parts.join(", ")})${added}`;
};

export const junitImportLines = (done: JunitImport): ReadonlyArray<string> => {
  const c = done.counts;
  return [
    ...done.files.map((f) => importedFileLine(f.file, f)),
    `Run ${done.runId} now: ${c.passed} passed, ${c.failed} failed, ${c.blocked} blocked, ${c.skipped} skipped, ${c.retest} retest, ${c.untested} untested of ${c.total}.`,
  ];
};

const xml = "application/xml";

/**
 * `medi-test import junit <files…> --run <id> | --new <name>`. Every file is read here first, with
 * the server's own parser: one malformed file and nothing is sent. Then each file is one upload
 * (all or nothing, one batch on the walls), in the order given; `--new` creates the run from the
 * first file and adds the others to it. Should the server refuse a later file, the earlier ones
 * stay recorded and the message says which were.
 */
export const importJunitCommand = () =>
  Command.make(
    "junit",
    {
      files: Argument.String("file.xml").pipe(
        Argument.withDescription("JUnit XML files (Surefire, pytest, jest-junit, Vitest, Playwright, gotestsum)"),
        Argument.atLeast(1),
      ),
      run: Flag.String("run").pipe(Flag.withDescription("record the results in this run (its id)"), Flag.optional),
      newRun: Flag.String("new").pipe(
        Flag.withDescription("create a run with this name from the files' test cases"),
        Flag.optional,
      ),
      noAddMissing: Flag.Boolean("no-add-missing").pipe(
        Flag.withDescription("with --run: refuse test cases the run has no item for, instead of adding them"),
        Flag.withDefault(false),
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        if (Option.isSome(input.run) === Option.isSome(input.newRun)) {
          return yield* new UsageError({ message: "give either --run <id> or --new <name>" });
        }
        if (Option.isSome(input.newRun) && input.noAddMissing) {
          return yield* new UsageError({
            message: "--no-add-missing goes with --run: a new run takes every test case",
          });
        }
        const target = Option.isSome(input.run)
          ? { runId: (yield* decodeInput(RunIdParams, { id: input.run.value }, "--run", "1 to 64 characters")).id }
          : {
              name: (yield* decodeInput(
                JunitNewRunQuery,
                { name: input.newRun.pipe(Option.getOrElse(() => "")) },
                "--new",
                "1 to 200 characters",
              )).name,
            };
        const checked = yield* Effect.forEach(input.files, checkJunitFile);
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            const files: Array<{ readonly file: string } & Imported> = [];
            let runId = "runId" in target ? target.runId : undefined;
            for (const file of checked) {
              const path =
                runId === undefined
                  ? `/api/test-runs/junit?name=${encodeURIComponent("name" in target ? target.name : "")}`
                  : `/api/test-runs/${encodeURIComponent(runId)}/junit${input.noAddMissing ? "?addMissing=false" : ""}`;
              const answer = yield* fetchJson(connection, {
                method: "POST",
                path,
                upload: { file: file.file, bytes: file.bytes, contentType: xml },
                response: JunitImported,
              }).pipe(Effect.mapError((error) => afterEarlierFiles(error, file.file, files, runId)));
              runId = answer.runId;
              files.push({ file: file.file, ...answer });
            }
            const last = files[files.length - 1];
            if (runId === undefined || last === undefined) {
              return yield* new Failure({ message: "no file was imported" });
            }
            const done: JunitImport = { runId, files, counts: last.counts };
            yield* printResult(input.json, done, () => junitImportLines(done));
          }),
        );
      }),
  ).pipe(Command.withDescription("Record JUnit XML files' results in a run, or create a run from them (tester token)"));

/** A refusal after some files went in says so: those files' results stay recorded. */
const afterEarlierFiles = (
  error: CliFailure,
  file: string,
  done: ReadonlyArray<{ readonly file: string }>,
  runId: string | undefined,
): CliFailure =>
  done.length === 0
    ? error
    : new Failure({
        message: `${file}: ${describeFailure(error)} — already recorded in run ${runId}: ${done.map((d) => d.file).join(", ")}`,
      });

/** `medi-test import junit …`; other formats would be siblings. */
export const importCommand = () =>
  Command.make("import").pipe(
    Command.withDescription("Import test results from files"),
    Command.withSubcommands([importJunitCommand()]),
  );
