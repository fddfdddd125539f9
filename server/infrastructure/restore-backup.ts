import Database from "better-sqlite3";
import { copyFileSync, existsSync, renameSync } from "node:fs";
import { dataDirPaths } from "./data-dir.ts";

export class RestoreError extends Error {
  override readonly name = "RestoreError";
}

/**
 * Puts a backup in place of the lab database. Run it while the server is stopped. The database it
 * replaces (with its WAL) is kept beside it as `medi-test.sqlite.before-restore-<time>`, so a
 * restore can itself be undone.
 */
export const restoreBackup = (dataDir: string, backupFile: string, now: number = Date.now()): { readonly keptAs: string | undefined } => {
  if (!existsSync(backupFile)) throw new RestoreError(`No backup at ${backupFile}`);
  let check: Database.Database | undefined;
  try {
    check = new Database(backupFile, { readonly: true, fileMustExist: true });
    const result = check.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new RestoreError(`${backupFile} fails SQLite's integrity check: ${String(result)}`);
    check.prepare("SELECT count(*) FROM runs").get();
  } catch (error) {
    if (error instanceof RestoreError) throw error;
    throw new RestoreError(`${backupFile} is not a medi-test database (${(error as Error).message})`);
  } finally {
    check?.close();
  }
  const paths = dataDirPaths(dataDir);
  let keptAs: string | undefined;
  if (existsSync(paths.database)) {
    keptAs = `${paths.database}.before-restore-${new Date(now).toISOString().replace(/[-:.]/g, "")}`;
    renameSync(paths.database, keptAs);
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(paths.database + suffix)) renameSync(paths.database + suffix, keptAs + suffix);
    }
  }
  copyFileSync(backupFile, paths.database);
  return { keptAs };
};
