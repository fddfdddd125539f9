import Database from "better-sqlite3";
import { readFileSync, rmSync } from "node:fs";
import { DataDirRefusal } from "./data-dir-refusal.ts";
import { createPrivateFile, type DataDirPaths, writeSecretFile } from "./data-dir.ts";

export type LockPurpose = "server" | "restore";

interface Holder {
  readonly pid: number;
  readonly purpose: LockPurpose;
  readonly since: string;
}

export interface DataDirLock {
  /** Lets go of the data dir; safe to call twice. */
  readonly release: () => void;
}

const describeHolder = (paths: DataDirPaths): string => {
  try {
    const holder = JSON.parse(readFileSync(paths.lockHolder, "utf8")) as Partial<Holder>;
    const who = holder.purpose === "restore" ? "a restore" : "a medi-test server";
    return `${who} (process ${String(holder.pid)}, since ${String(holder.since)})`;
  } catch {
    return "another medi-test process";
  }
};

/**
 * Takes the data dir for this process: an exclusive SQLite lock on `medi-test.lock`, held for as
 * long as the returned lock is. The operating system drops it when the process ends in any way
 * (kill -9, power cut), so a stale lock never blocks a start and a reused pid never fools it;
 * SQLite also sees a second holder inside the same process. Throws DataDirRefusal when taken.
 */
export const lockDataDir = (paths: DataDirPaths, purpose: LockPurpose, now: () => number = Date.now): DataDirLock => {
  createPrivateFile(paths.lock);
  const client = new Database(paths.lock, { timeout: 0 });
  try {
    client.pragma("locking_mode = EXCLUSIVE");
    client.pragma("journal_mode = MEMORY");
    // The first write takes the exclusive lock; EXCLUSIVE locking mode keeps it until close.
    client.exec(
      "BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS held (at INTEGER); DELETE FROM held; INSERT INTO held VALUES (unixepoch()); COMMIT;",
    );
  } catch (error) {
    client.close();
    if ((error as { code?: string }).code === "SQLITE_BUSY") {
      const then =
        purpose === "restore"
          ? "stop it first (Ctrl+C, or quit the desktop app), then restore"
          : "stop it first, or give this one another --data-dir";
      throw new DataDirRefusal(`${paths.root} is in use by ${describeHolder(paths)}: ${then}`);
    }
    throw error;
  }
  writeSecretFile(
    paths.lockHolder,
    JSON.stringify({ pid: process.pid, purpose, since: new Date(now()).toISOString() } satisfies Holder),
  );
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      rmSync(paths.lockHolder, { force: true });
      client.close();
    },
  };
};
