import { Effect } from "effect";
import { NotFound } from "../../domain/errors.ts";
import { Backups } from "../ports/backups.ts";

export const takeBackup = Effect.fn("takeBackup")(function* () {
  const backups = yield* Backups;
  return yield* backups.create;
});

export const listBackups = Effect.fn("listBackups")(function* () {
  const backups = yield* Backups;
  return yield* backups.list;
});

export const findBackup = Effect.fn("findBackup")(function* (name: string) {
  const backups = yield* Backups;
  const found = yield* backups.find(name);
  if (found === undefined) return yield* new NotFound({ entity: "backup", id: name });
  return found;
});
