import type { Effect } from "effect";
import { Context } from "effect";

export interface BackupInfo {
  readonly file: string;
  readonly bytes: number;
  readonly createdAt: string;
}

/** Online copies of the lab database, taken while it keeps serving, rotated in the data dir. */
export class Backups extends Context.Service<
  Backups,
  {
    readonly create: Effect.Effect<BackupInfo>;
    readonly list: Effect.Effect<ReadonlyArray<BackupInfo>>;
  }
>()("medi-test/Backups") {}
