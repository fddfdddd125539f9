import { Effect, Option, Schema } from "effect";
import { Command, Flag } from "effect/cli";
import { BackupInfo, BackupList } from "../../server/domain/backup-info.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { UsageError } from "../errors.ts";
import { downloadFile, fetchJson } from "../http-client.ts";
import { formatTable, printResult } from "../output.ts";

const PathText = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1_000));

const mib = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MiB`;

export interface BackupTaken {
  readonly backup: BackupInfo;
  /** Where the copy was downloaded to (--out), or null when it stays on the server. */
  readonly savedTo: string | null;
}

export const backupLines = (taken: BackupTaken): ReadonlyArray<string> => [
  `Backup taken on the server: ${taken.backup.file} (${mib(taken.backup.bytes)}).`,
  taken.savedTo === null
    ? `Keep a copy elsewhere: medi-test backup --out <file>; restore with: medi-test restore <file>`
    : `Saved to ${taken.savedTo}; restore with: medi-test restore ${taken.savedTo}`,
];

export const backupListLines = (backups: ReadonlyArray<BackupInfo>): ReadonlyArray<string> =>
  backups.length === 0
    ? ["No backups."]
    : formatTable([["CREATED", "SIZE", "NAME"], ...backups.map((b) => [b.createdAt, mib(b.bytes), b.name])]);

/**
 * `medi-test backup [--out file] [--list]`: the running server copies its database online (SQLite's
 * backup API, consistent while testers keep writing) into its backups folder; `--out` downloads
 * that copy, so it can leave the lab PC. Needs the admin token.
 */
export const backupCommand = () =>
  Command.make(
    "backup",
    {
      out: Flag.String("out").pipe(
        Flag.withDescription("also download the backup to this file (restore it with `medi-test restore <file>`)"),
        Flag.optional,
      ),
      list: Flag.Boolean("list").pipe(
        Flag.withDescription("list the server's backups instead of taking one"),
        Flag.withDefault(false),
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        if (input.list && Option.isSome(input.out)) {
          return yield* new UsageError({ message: "--list and --out do not go together: --out saves a new backup" });
        }
        const out = Option.isSome(input.out) ? yield* decodeInput(PathText, input.out.value, "--out") : undefined;
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            if (input.list) {
              const list = yield* fetchJson(connection, { method: "GET", path: "/api/backups", response: BackupList });
              return yield* printResult(input.json, list, () => backupListLines(list.backups));
            }
            const backup = yield* fetchJson(connection, { method: "POST", path: "/api/backups", response: BackupInfo });
            if (out !== undefined) {
              yield* downloadFile(connection, `/api/backups/${encodeURIComponent(backup.name)}`, out);
            }
            const taken: BackupTaken = { backup, savedTo: out ?? null };
            yield* printResult(input.json, taken, () => backupLines(taken));
          }),
        );
      }),
  ).pipe(
    Command.withDescription(
      "Take an online backup of the running server's database, optionally downloading it (admin token)",
    ),
  );
