import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The lab's data folder: database, admin token, PIN note, backups. */
export const dataDirPaths = (dataDir: string) => {
  const root = resolve(dataDir);
  return {
    root,
    database: join(root, "medi-test.sqlite"),
    adminToken: join(root, "admin-token"),
    labPin: join(root, "lab-pin"),
    backups: join(root, "backups"),
  };
};

export type DataDirPaths = ReturnType<typeof dataDirPaths>;

export const ensureDataDir = (paths: DataDirPaths): void => {
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
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
