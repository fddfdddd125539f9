import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The lab's data folder: database, admin token, PIN note, backups, and the lock a server holds. */
export const dataDirPaths = (dataDir: string) => {
  const root = resolve(dataDir);
  return {
    root,
    database: join(root, "medi-test.sqlite"),
    adminToken: join(root, "admin-token"),
    labPin: join(root, "lab-pin"),
    backups: join(root, "backups"),
    /** Held (an SQLite exclusive lock) by the server or a restore while it uses the folder. */
    lock: join(root, "medi-test.lock"),
    /** Who holds the lock, for the message another process shows. */
    lockHolder: join(root, "medi-test.lock-holder"),
  };
};

export type DataDirPaths = ReturnType<typeof dataDirPaths>;

/** Files of ours in the data dir (a data dir may be a folder that also holds other things). */
const ownFile =
  /^(medi-test\.sqlite(-wal|-shm|-journal|\.before-restore-.*|\.restoring.*)?|admin-token|lab-pin|medi-test\.lock(-holder)?)$/;
const ownBackup = /^medi-test-.*\.sqlite(\.partial)?(-wal|-shm|-journal)?$/;

/** The file-system calls `securePaths` needs: the real ones, or a file system that ignores modes. */
export interface ModeFs {
  readonly chmod: (path: string, mode: number) => void;
  readonly mode: (path: string) => number;
}

const nodeModeFs: ModeFs = { chmod: chmodSync, mode: (path) => statSync(path).mode & 0o777 };

/**
 * Makes each path owner-only (0700 for folders, 0600 for files). Returns one warning per path
 * that stays readable by others: a file system without Unix modes (FAT, some network shares), or
 * a folder owned by someone else. Windows keeps access in ACLs, not modes: nothing to do there.
 */
export const securePaths = (
  entries: ReadonlyArray<{ readonly path: string; readonly mode: 0o700 | 0o600 }>,
  fs: ModeFs = nodeModeFs,
  platform: NodeJS.Platform = process.platform,
): string[] => {
  if (platform === "win32") return [];
  const warnings: string[] = [];
  for (const { path, mode } of entries) {
    let reason: string | undefined;
    try {
      fs.chmod(path, mode);
      const actual = fs.mode(path);
      if ((actual & 0o077) !== 0) reason = `the file system keeps mode ${actual.toString(8).padStart(4, "0")}`;
    } catch (error) {
      reason = (error as NodeJS.ErrnoException).code ?? String(error);
    }
    if (reason !== undefined) {
      warnings.push(
        `cannot make ${path} private (${reason}): other users of this computer may be able to read the lab's data`,
      );
    }
  }
  return warnings;
};

/** The data dir, its backups folder and every file of ours in them, as `securePaths` takes them. */
const ownPaths = (paths: DataDirPaths) => {
  const entries: Array<{ path: string; mode: 0o700 | 0o600 }> = [{ path: paths.root, mode: 0o700 }];
  for (const name of readdirSync(paths.root)) {
    if (ownFile.test(name) && statSync(join(paths.root, name)).isFile())
      entries.push({ path: join(paths.root, name), mode: 0o600 });
  }
  if (existsSync(paths.backups) && statSync(paths.backups).isDirectory()) {
    entries.push({ path: paths.backups, mode: 0o700 });
    for (const name of readdirSync(paths.backups)) {
      if (ownBackup.test(name)) entries.push({ path: join(paths.backups, name), mode: 0o600 });
    }
  }
  return entries;
};

/**
 * Creates the data dir if needed and makes it and everything of ours in it owner-only, also when
 * it was made earlier with looser modes (0755 folders, 0644 files). Returns the warnings.
 */
export const prepareDataDir = (paths: DataDirPaths, fs: ModeFs = nodeModeFs): string[] => {
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  return securePaths(ownPaths(paths), fs);
};

/** Every path of ours made owner-only again (files made since the start: `-wal`, `-shm`, the lock). */
export const secureDataDir = (paths: DataDirPaths, fs: ModeFs = nodeModeFs): string[] =>
  securePaths(ownPaths(paths), fs);

/** An empty owner-only file, unless it exists. SQLite gives `-wal` and `-shm` its database's mode. */
export const createPrivateFile = (path: string): void => {
  if (!existsSync(path)) writeFileSync(path, "", { mode: 0o600, flag: "a" });
};

export const readSecretFile = (path: string): string | undefined => {
  if (!existsSync(path)) return undefined;
  const value = readFileSync(path, "utf8").trim();
  return value === "" ? undefined : value;
};

/** Owner-only file: the lab lead reads it; other users of the PC cannot. */
export const writeSecretFile = (path: string, value: string): void => {
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
};
