import type { Effect } from "effect";
import { Context } from "effect";
import type { NotAvailable } from "../../domain/errors.ts";

export interface BackupInfo {
  /** The file's name in the backups folder: what GET /api/backups/:name takes. */
  readonly name: string;
  /** Where it is on the server's disk. */
  readonly file: string;
  readonly bytes: number;
  readonly createdAt: string;
}

/** Online copies of the lab database, taken while it keeps serving, rotated in the data dir. */
export class Backups extends Context.Service<
  Backups,
  {
    readonly create: Effect.Effect<BackupInfo, NotAvailable>;
    readonly list: Effect.Effect<ReadonlyArray<BackupInfo>>;
    /** A listed backup by its name; anything else (another file, a path) is not found. */
    readonly find: (name: string) => Effect.Effect<BackupInfo | undefined>;
  }
>()("medi-test/Backups") {}
