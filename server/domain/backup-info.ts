import { Schema } from "effect";

/** A backup as the API shows it: the name to download it by, where it is on the server, its size. */
export const BackupInfo = Schema.Struct({
  name: Schema.String,
  file: Schema.String,
  bytes: Schema.Int,
  createdAt: Schema.String,
});
export type BackupInfo = typeof BackupInfo.Type;

export const BackupList = Schema.Struct({ backups: Schema.Array(BackupInfo) });

/** The name of a backup in the backups folder, e.g. medi-test-20261129T140312.345Z.sqlite. */
export const BackupParams = Schema.Struct({
  name: Schema.String.check(Schema.isPattern(/^medi-test-\d{8}T\d{6}\.\d{3}Z\.sqlite$/)),
});
