import { Effect, Layer } from "effect";
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BackupInfo, Backups } from "../../../application/ports/backups.ts";
import { Clock } from "../../../application/ports/clock.ts";
import type { Db } from "./database.ts";
import { SqliteDatabase } from "./sqlite-database.ts";

export const backupPattern = /^medi-test-\d{8}T\d{6}\.\d{3}Z\.sqlite$/;

/** 2026-11-29T14:03:12.345Z → 20261129T140312.345Z: sorts by time as text. */
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, "");

const info = (dir: string, name: string): BackupInfo => {
  const stat = statSync(join(dir, name));
  return { name, file: join(dir, name), bytes: stat.size, createdAt: stat.mtime.toISOString() };
};

/**
 * SQLite's online backup API copies a consistent snapshot page by page while writers continue.
 * The copy is written under a temporary name and renamed, so a listed backup is always complete;
 * copies are taken one at a time (the interval's and any asked for over the API).
 */
export const makeSqliteBackups = (db: Db, dir: string, keep: number, now: () => number) => {
  const list = (): BackupInfo[] => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return readdirSync(dir)
      .filter((f) => backupPattern.test(f))
      .sort()
      .map((f) => info(dir, f));
  };
  const take = async (): Promise<BackupInfo> => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const name = `medi-test-${stamp(now())}.sqlite`;
    if (existsSync(join(dir, name))) return info(dir, name);
    const partial = join(dir, `${name}.partial`);
    await db.$client.backup(partial);
    // A backup holds what the database holds (the PIN's hash too): owner-only, like the database.
    chmodSync(partial, 0o600);
    renameSync(partial, join(dir, name));
    const all = list();
    for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old.file, { force: true });
    return info(dir, name);
  };
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = (): Promise<BackupInfo> => {
    const next = queue.then(take, take);
    queue = next.catch(() => undefined);
    return next;
  };
  return Backups.of({
    create: Effect.promise(oneAtATime),
    list: Effect.sync(list),
    find: (name) =>
      Effect.sync(() => (backupPattern.test(name) && existsSync(join(dir, name)) ? info(dir, name) : undefined)),
  });
};

export const SqliteBackupsLive = (dir: string, keep: number) =>
  Layer.effect(
    Backups,
    Effect.gen(function* () {
      const db = yield* SqliteDatabase;
      const clock = yield* Clock;
      return makeSqliteBackups(db, dir, keep, clock.now);
    }),
  );
