import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { takeBackup } from "../../server/application/usecases/take-backup.ts";
import { mediTestApplicationId } from "../../server/infrastructure/adapters/sqlite/database-identity.ts";
import { DataDirRefusal } from "../../server/infrastructure/data-dir-refusal.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { spawnServer } from "../support/server-process.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const tempDir = (): string => {
  const dir = makeTempDir();
  cleanup.push(() => removeDir(dir));
  return dir;
};

const started = async (dataDir: string): Promise<TestLab> => {
  const lab = await startTestLab({}, dataDir);
  cleanup.push(() => lab.close());
  return lab;
};

/** The headless entry run to its end (it is expected to refuse): exit code and output. */
const headless = (dataDir: string) => {
  const result = spawnSync(
    process.execPath,
    ["server/main.ts", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir],
    {
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const expectOneLineRefusal = (answer: ReturnType<typeof headless>, message: RegExp): void => {
  expect(answer.status).toBe(2);
  expect(answer.stderr).toMatch(message);
  expect(answer.stderr.trim().split("\n")).toHaveLength(1);
  expect(answer.stderr).not.toMatch(/DrizzleError|SqliteError|\n\s+at /);
  expect(answer.stdout).not.toContain("is running");
};

describe("one server per data dir", () => {
  it("refuses a second server on the same data dir, in another process and in the same one", async () => {
    const dataDir = tempDir();
    const first = await spawnServer(dataDir);
    cleanup.push(() => first.stop());
    expectOneLineRefusal(
      headless(dataDir),
      new RegExp(`is in use by a medi-test server \\(process ${first.child.pid}, since `),
    );
    await expect(startTestLab({}, dataDir)).rejects.toThrow(DataDirRefusal);
    // The first server never noticed.
    expect((await fetch(`${first.url}/api/health`)).status).toBe(200);
  });

  it("takes over after the holder was killed with -9 (the OS drops the lock), and after a clean stop", async () => {
    const dataDir = tempDir();
    const killed = await spawnServer(dataDir);
    await killed.kill9();
    // A killed server leaves its holder note behind; it must not block anything.
    expect(existsSync(join(dataDir, "medi-test.lock-holder"))).toBe(true);
    const next = await spawnServer(dataDir);
    await next.stop();
    expect(existsSync(join(dataDir, "medi-test.lock-holder"))).toBe(false);
    const lab = await started(dataDir);
    await lab.close();
    const again = await started(dataDir);
    expect((await again.api("GET", "/api/health")).status).toBe(200);
  });
});

describe("the database the server opens", () => {
  it("refuses a foreign SQLite file with a runs table: one line, exit code 2, the file untouched", () => {
    const dataDir = tempDir();
    const file = join(dataDir, "medi-test.sqlite");
    const db = new Database(file);
    db.exec("CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT); INSERT INTO runs VALUES ('r1', 'theirs')");
    db.close();
    const before = readFileSync(file);
    expectOneLineRefusal(
      headless(dataDir),
      /medi-test\.sqlite is not a medi-test database \(it has tables but no medi-test migration record\)/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a file that is not SQLite at all", () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, "medi-test.sqlite"),
      "this is a text file, not a database, and long enough to have a header".repeat(20),
    );
    expectOneLineRefusal(headless(dataDir), /is not a medi-test database \(SQLite cannot read it/);
  });

  it("refuses a database from a newer version, naming what to do", async () => {
    const dataDir = tempDir();
    const lab = await started(dataDir);
    await lab.close();
    const db = new Database(join(dataDir, "medi-test.sqlite"));
    db.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(
      "next-version",
      Date.now() + 365 * 86_400_000,
    );
    db.close();
    expectOneLineRefusal(
      headless(dataDir),
      /was written by a newer version of medi-test \(1 database change\(s\) this version does not know\): run that version/,
    );
  });

  it("opens a database made before the application id existed, and marks it", async () => {
    const dataDir = tempDir();
    const first = await started(dataDir);
    const run = await createRun(first, "From the old days", 2);
    await first.close();
    const file = join(dataDir, "medi-test.sqlite");
    const db = new Database(file);
    db.pragma("application_id = 0");
    db.close();

    const second = await started(dataDir);
    expect((await second.api("GET", `/api/test-runs/${run.id}`)).status).toBe(200);
    const probe = new Database(file, { readonly: true });
    expect(probe.pragma("application_id", { simple: true })).toBe(mediTestApplicationId);
    probe.close();
  });
});

describe("data dir permissions", () => {
  it("makes an existing 0755 data dir 0700 and every file of ours 0600, the database's -wal, -shm and backups too", async () => {
    const dataDir = tempDir();
    // A lab's data dir from an earlier version: made with the usual umask.
    const first = await started(dataDir);
    await first.server.runtime.runPromise(takeBackup());
    await first.close();
    const backups = join(dataDir, "backups");
    chmodSync(dataDir, 0o755);
    chmodSync(backups, 0o755);
    for (const name of readdirSync(dataDir))
      if (statSync(join(dataDir, name)).isFile()) chmodSync(join(dataDir, name), 0o644);
    for (const name of readdirSync(backups)) chmodSync(join(backups, name), 0o644);
    // Someone else's file in the same folder keeps its mode.
    writeFileSync(join(dataDir, "notes.txt"), "not ours");
    chmodSync(join(dataDir, "notes.txt"), 0o644);

    const lab = await started(dataDir);
    await createRun(lab, "Private", 1);
    await lab.server.runtime.runPromise(takeBackup());
    expect(lab.server.warnings).toEqual([]);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(backups)).toBe(0o700);
    const files = readdirSync(dataDir).filter((name) => statSync(join(dataDir, name)).isFile() && name !== "notes.txt");
    for (const name of [
      "medi-test.sqlite",
      "medi-test.sqlite-wal",
      "medi-test.sqlite-shm",
      "admin-token",
      "lab-pin",
      "medi-test.lock",
      "medi-test.lock-holder",
    ]) {
      expect(files).toContain(name);
    }
    for (const name of files) expect({ name, mode: mode(join(dataDir, name)) }).toEqual({ name, mode: 0o600 });
    const backupFiles = readdirSync(backups);
    expect(backupFiles.length).toBeGreaterThanOrEqual(2);
    for (const name of backupFiles) expect({ name, mode: mode(join(backups, name)) }).toEqual({ name, mode: 0o600 });
    expect(mode(join(dataDir, "notes.txt"))).toBe(0o644);
  });

  it("creates a new data dir owner-only and leaves its parent folders as they are", async () => {
    const parent = tempDir();
    const dataDir = join(parent, "lab", "data");
    mkdirSync(join(parent, "lab"), { mode: 0o755 });
    chmodSync(join(parent, "lab"), 0o755);
    await started(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(parent, "lab")).mode & 0o777).toBe(0o755);
    expect(statSync(join(dataDir, "medi-test.sqlite")).mode & 0o777).toBe(0o600);
  });
});
