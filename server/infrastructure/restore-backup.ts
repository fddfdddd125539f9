import Database from "better-sqlite3";
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { defaultMigrationsDir } from "./adapters/sqlite/database.ts";
import { identifyDatabase, knownMigrations, refusalFor } from "./adapters/sqlite/database-identity.ts";
import { dataDirPaths, type DataDirPaths, prepareDataDir } from "./data-dir.ts";
import { DataDirRefusal } from "./data-dir-refusal.ts";
import { type DataDirLock, lockDataDir } from "./data-dir-lock.ts";

export class RestoreError extends Error {
  override readonly name = "RestoreError";
}

const sidecars = ["-wal", "-shm", "-journal"] as const;

/**
 * Checks `file` is a sound medi-test database this version can run; returns it opened read-only
 * and how to close it. A read-only connection to a WAL database leaves an empty -wal and -shm
 * beside it: those it made are removed again on close, so no stray files are left in backups/.
 */
const openSource = (
  file: string,
  migrationsDir: string,
): { readonly source: Database.Database; readonly close: () => void } => {
  const made = sidecars.filter((suffix) => !existsSync(file + suffix));
  const tidy = () => {
    for (const suffix of made) rmSync(file + suffix, { force: true });
  };
  let source: Database.Database | undefined;
  try {
    // Read-only, but through SQLite: a file with its -wal beside it (a database kept aside by an
    // earlier restore, or copied from a server that was killed) is read with what its WAL holds.
    source = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = source.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new RestoreError(`${file} fails SQLite's integrity check: ${String(integrity)}`);
    const identity = identifyDatabase(source, knownMigrations(migrationsDir));
    if (identity.kind === "empty")
      throw new RestoreError(`${file} is not a medi-test database (it is an empty SQLite file)`);
    const refusal = refusalFor(file, identity);
    if (refusal !== undefined) throw new RestoreError(refusal);
    const opened = source;
    return {
      source: opened,
      close: () => {
        opened.close();
        tidy();
      },
    };
  } catch (error) {
    source?.close();
    tidy();
    if (error instanceof RestoreError) throw error;
    throw new RestoreError(`${file} is not a medi-test database (${(error as Error).message})`);
  }
};

/**
 * Folds the WAL of the database being replaced into its main file, so the copy kept aside is one
 * self-contained file holding every acknowledged write. A database too damaged to open is kept
 * as it is, with its -wal and -shm.
 */
const checkpoint = (file: string): void => {
  if (!existsSync(file)) return;
  try {
    const db = new Database(file, { fileMustExist: true, timeout: 5_000 });
    try {
      db.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      // The last connection to close checkpoints again and removes the -wal.
      db.close();
    }
  } catch {
    // Unreadable: renamed below together with whatever -wal and -shm it has.
  }
};

/** Moves the current database and every file beside it that belongs to it to `keptAs…`. */
const keepAside = (paths: DataDirPaths, keptAs: string): boolean => {
  let kept = false;
  for (const suffix of ["", ...sidecars]) {
    if (existsSync(paths.database + suffix)) {
      renameSync(paths.database + suffix, keptAs + suffix);
      kept = true;
    }
  }
  return kept;
};

/**
 * Puts a backup in place of the lab database. Refused while a server (or another restore) holds
 * the data dir, and for a file that is not a medi-test database this version can run. The
 * database it replaces is first checkpointed and then kept beside it as
 * `medi-test.sqlite.before-restore-<time>` (with its -wal and -shm if it could not be), so a
 * restore can itself be undone, with every write the server had acknowledged.
 */
export const restoreBackup = async (
  dataDir: string,
  backupFile: string,
  options: { readonly now?: number; readonly migrationsDir?: string } = {},
): Promise<{ readonly keptAs: string | undefined }> => {
  if (!existsSync(backupFile)) throw new RestoreError(`No backup at ${backupFile}`);
  const paths = dataDirPaths(dataDir);
  if (resolve(backupFile) === paths.database)
    throw new RestoreError(`${backupFile} is the lab database itself; name a backup`);
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  let lock: DataDirLock;
  try {
    lock = lockDataDir(paths, "restore");
  } catch (error) {
    if (error instanceof DataDirRefusal) throw new RestoreError(error.message);
    throw error;
  }
  try {
    const { source, close } = openSource(backupFile, options.migrationsDir ?? defaultMigrationsDir());
    const staging = `${paths.database}.restoring`;
    for (const suffix of ["", ...sidecars]) rmSync(staging + suffix, { force: true });
    try {
      // SQLite's backup API: a page-exact copy of what the source holds, its WAL included.
      await source.backup(staging);
    } finally {
      close();
    }
    checkpoint(staging);
    chmodSync(staging, 0o600);

    checkpoint(paths.database);
    const stamp = new Date(options.now ?? Date.now()).toISOString().replace(/[-:.]/g, "");
    const keptAs = `${paths.database}.before-restore-${stamp}`;
    const kept = keepAside(paths, keptAs);
    renameSync(staging, paths.database);
    for (const suffix of sidecars) rmSync(staging + suffix, { force: true });
    prepareDataDir(paths);
    return { keptAs: kept ? keptAs : undefined };
  } finally {
    lock.release();
  }
};
