import { Effect, Option, Schema } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { defaultConfig } from "../../server/config.ts";
import { DataDirRefusal } from "../../server/infrastructure/data-dir-refusal.ts";
import { CliIo } from "../cli-io.ts";
import { decodeInput } from "../decode-input.ts";
import { Failure, UsageError } from "../errors.ts";
import { printResult } from "../output.ts";

const PathText = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1_000));

export interface Restored {
  readonly restored: string;
  readonly dataDir: string;
  readonly keptAs: string | null;
}

export const restoredLines = (result: Restored): ReadonlyArray<string> => [
  `Restored ${result.restored} into ${result.dataDir}.${
    result.keptAs === null
      ? ""
      : ` The database it replaced is kept as ${result.keptAs} (undo: medi-test restore ${result.keptAs} --data-dir ${result.dataDir}).`
  }`,
  "Start the server again: medi-test serve",
];

/**
 * `medi-test restore <backup> [--data-dir]`: what `npm run restore` does, on this machine's data dir
 * (the server must be stopped: it holds a lock on the data dir). Refusals exit with 2, as there.
 */
export const restoreCommand = () =>
  Command.make(
    "restore",
    {
      file: Argument.String("backup").pipe(
        Argument.withDescription("a backup file, e.g. data/backups/medi-test-20261129T140312.345Z.sqlite"),
      ),
      dataDir: Flag.String("data-dir").pipe(
        Flag.withDescription(`the server's data dir (env MEDI_TEST_DATA_DIR; default ${defaultConfig.dataDir})`),
        Flag.optional,
      ),
      json: Flag.Boolean("json").pipe(
        Flag.withDescription("print the result as one JSON document on stdout, for scripts"),
        Flag.withDefault(false),
      ),
    },
    (input) =>
      Effect.gen(function* () {
        const io = yield* CliIo;
        const file = yield* decodeInput(PathText, input.file, "backup file");
        const dataDir = yield* decodeInput(
          PathText,
          Option.getOrElse(input.dataDir, () => io.env.MEDI_TEST_DATA_DIR || defaultConfig.dataDir),
          "--data-dir",
        );
        const { keptAs } = yield* Effect.tryPromise({
          // Loaded here (it opens SQLite): the other commands start without it.
          try: async () => (await import("../../server/infrastructure/restore-backup.ts")).restoreBackup(dataDir, file),
          catch: (error) =>
            (error instanceof Error && error.name === "RestoreError") || error instanceof DataDirRefusal
              ? new UsageError({ message: error.message })
              : new Failure({ message: `restore failed: ${error instanceof Error ? error.message : String(error)}` }),
        });
        const result: Restored = { restored: file, dataDir, keptAs: keptAs ?? null };
        yield* printResult(input.json, result, () => restoredLines(result));
      }),
  ).pipe(Command.withDescription("Restore a backup into a stopped server's data dir (the replaced database is kept)"));
