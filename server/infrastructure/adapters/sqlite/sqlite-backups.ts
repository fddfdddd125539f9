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

const info = (dir: string, file: string): BackupInfo => {
  const stat = statSync(join(dir, file));
  return { file: join(dir, file), bytes: stat.size, createdAt: stat.mtime.toISOString() };
};

/**
 * SQLite's online backup API copies a consistent snapshot page by page while writers continue.
 * The copy is written under a temporary name and renamed, so a listed backup is always complete.
 */
export const makeSqliteBackups = (db: Db, dir: string, keep: number, now: () => number) => {
  const list = (): BackupInfo[] => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return readdirSync(dir)
      .filter((f) => backupPattern.test(f))
      .sort()
      .map((f) => info(dir, f));
  };
  return Backups.of({
    create: Effect.promise(async () => {
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
    }),
    list: Effect.sync(list),
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
