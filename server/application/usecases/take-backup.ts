import { Effect } from "effect";
import { Backups } from "../ports/backups.ts";

export const takeBackup = Effect.fn("takeBackup")(function* () {
  const backups = yield* Backups;
  return yield* backups.create;
});

export const listBackups = Effect.fn("listBackups")(function* () {
  const backups = yield* Backups;
  return yield* backups.list;
});
