import Database from "better-sqlite3";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listBackups, takeBackup } from "../../server/application/usecases/take-backup.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { mediTestApplicationId } from "../../server/infrastructure/adapters/sqlite/database-identity.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { spawnServer } from "../support/server-process.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const started = async (dataDir: string, overrides = {}): Promise<TestLab> => {
  const lab = await startTestLab(overrides, dataDir);
  cleanup.push(() => lab.close());
  return lab;
};

describe("backups", () => {
  it("takes an online backup during writes that opens, passes integrity_check and is consistent", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const lab = await started(dataDir);
    const run = await createRun(lab, "Backed up", 40);
    let stop = false;
    let writes = 0;
    const writer = async () => {
      for (let n = 0; !stop; n++) {
        const item = run.items[n % run.items.length];
        if (item === undefined) continue;
        const response = await lab.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, {
          status: n % 3 === 0 ? "failed" : "passed",
        });
        if (response.status === 200) writes += 1;
      }
    };
    const load = Promise.all([writer(), writer(), writer(), writer()]);
    const backups = [];
    for (let i = 0; i < 3; i++) backups.push(await lab.server.runtime.runPromise(takeBackup()));
    stop = true;
    await load;
    expect(writes).toBeGreaterThan(0);
    for (const backup of backups) {
      expect(backup.file.startsWith(join(dataDir, "backups"))).toBe(true);
      const db = new Database(backup.file, { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        const counts = db
          .prepare("SELECT total, passed, failed, untested FROM runs WHERE id = ?")
          .get(run.id) as Record<string, number>;
        const recount = db
          .prepare("SELECT status, count(*) AS n FROM items WHERE run_id = ? GROUP BY status")
          .all(run.id) as Array<{ status: string; n: number }>;
        for (const status of ["passed", "failed", "untested"]) {
          expect(counts[status]).toBe(recount.find((r) => r.status === status)?.n ?? 0);
        }
        const events = db.prepare("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM events").get() as {
          n: number;
          lo: number;
          hi: number;
        };
        expect(events.n).toBe(events.hi - events.lo + 1);
      } finally {
        db.close();
      }
    }
    // No half-written copies are ever left or listed.
    expect(readdirSync(join(dataDir, "backups")).some((f) => f.endsWith(".partial"))).toBe(false);
  });

  it("keeps only the newest backups", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const lab = await started(dataDir, { backupKeep: 2 });
    for (let i = 0; i < 4; i++) {
      await lab.server.runtime.runPromise(takeBackup());
      await new Promise((r) => setTimeout(r, 5));
    }
    const listed = await lab.server.runtime.runPromise(listBackups());
    expect(listed).toHaveLength(2);
    expect(readdirSync(join(dataDir, "backups"))).toHaveLength(2);
  });

  it("restores a backup with `npm run restore`, keeping the replaced database aside", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const first = await started(dataDir);
    const run = await createRun(first, "Before the accident", 3);
    const item = run.items[0] as TestItem;
    await first.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "passed" });
    const backup = await first.server.runtime.runPromise(takeBackup());
    await first.api("DELETE", `/api/test-runs/${run.id}`);
    expect((await first.api("GET", `/api/test-runs/${run.id}`)).status).toBe(404);
    await first.close();

    const output = execFileSync(process.execPath, ["scripts/restore-backup.ts", backup.file, "--data-dir", dataDir], {
      encoding: "utf8",
    });
    expect(output).toMatch(/Restored/);
    expect(readdirSync(dataDir).some((f) => f.startsWith("medi-test.sqlite.before-restore-"))).toBe(true);

    const second = await started(dataDir);
    const restored = await second.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(restored.status).toBe(200);
    expect(restored.body.items[0]?.status).toBe("passed");
    expect(restored.body.counts.passed).toBe(1);
  });

  it("refuses to restore a file that is not a sound medi-test database", () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const bogus = join(dataDir, "bogus.sqlite");
    writeFileSync(bogus, "not a database");
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["scripts/restore-backup.ts", bogus, "--data-dir", dataDir], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/not a medi-test database/);
    expect(existsSync(join(dataDir, "medi-test.sqlite"))).toBe(false);
  });
});

/** `npm run restore` as a lab lead runs it: its exit code, its output. */
const restore = (file: string, dataDir: string) => {
  const result = spawnSync(process.execPath, ["scripts/restore-backup.ts", file, "--data-dir", dataDir], {
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const runNames = (file: string): string[] => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT name FROM runs ORDER BY name").pluck().all().map(String);
  } finally {
    db.close();
  }
};

/** A backup of a lab holding one run, taken and closed before the test's own server starts. */
const backupOfOneRun = async (dataDir: string): Promise<string> => {
  const lab = await startTestLab({}, dataDir);
  try {
    await createRun(lab, "In the backup", 1);
    return (await lab.server.runtime.runPromise(takeBackup())).file;
  } finally {
    await lab.close();
  }
};

describe("restore", () => {
  it("after kill -9: restore a backup, undo the restore, and all 20 acknowledged runs are back", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const backup = await backupOfOneRun(dataDir);

    const server = await spawnServer(dataDir);
    cleanup.push(() => server.stop());
    const headers = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${server.url}/api/test-runs`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: `Acknowledged ${String(i).padStart(2, "0")}` }),
      });
      expect(response.status).toBe(201);
    }
    await server.kill9();
    // The acknowledged runs are in the -wal: no checkpoint ran before the kill.
    expect(existsSync(join(dataDir, "medi-test.sqlite-wal"))).toBe(true);

    const restored = restore(backup, dataDir);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    const keptAs = /kept as (\S+?) \(undo/.exec(restored.stdout)?.[1];
    if (keptAs === undefined) throw new Error(`no kept file named in: ${restored.stdout}`);
    expect(runNames(join(dataDir, "medi-test.sqlite"))).toEqual(["In the backup"]);
    // The kept database is one self-contained file: its WAL was folded in before it was moved.
    expect(existsSync(`${keptAs}-wal`)).toBe(false);
    expect(statSync(keptAs).mode & 0o777).toBe(0o600);

    const undone = restore(keptAs, dataDir);
    expect(undone.status).toBe(0);
    const lab = await started(dataDir);
    const runs = await lab.api<{ runs: Array<{ name: string }> }>("GET", "/api/test-runs");
    const names = runs.body.runs.map((r) => r.name).sort();
    expect(names.filter((n) => n.startsWith("Acknowledged"))).toHaveLength(20);
    expect(names).toContain("In the backup");
  });

  it("undoes a restore from a kept database that still has its -wal beside it", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const elsewhere = makeTempDir();
    cleanup.push(() => removeDir(elsewhere));
    const server = await spawnServer(elsewhere);
    cleanup.push(() => server.stop());
    const headers = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
    for (let i = 0; i < 20; i++) {
      expect(
        (
          await fetch(`${server.url}/api/test-runs`, {
            method: "POST",
            headers,
            body: JSON.stringify({ name: `Run ${i}` }),
          })
        ).status,
      ).toBe(201);
    }
    await server.kill9();
    // A database copied with its -wal (as a server killed -9 leaves it): the WAL's runs count.
    const copy = join(elsewhere, "copied.sqlite");
    copyFileSync(join(elsewhere, "medi-test.sqlite"), copy);
    copyFileSync(join(elsewhere, "medi-test.sqlite-wal"), `${copy}-wal`);
    expect(restore(copy, dataDir).status).toBe(0);
    expect(runNames(join(dataDir, "medi-test.sqlite"))).toHaveLength(20);
    // The restore left no -wal or -shm of its own beside the file it read.
    expect(
      readdirSync(elsewhere)
        .filter((f) => f.startsWith("copied.sqlite"))
        .sort(),
    ).toEqual(["copied.sqlite", "copied.sqlite-wal"]);
  });

  it("refuses while a server holds the data dir, and a later acknowledged write survives", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const backup = await backupOfOneRun(dataDir);
    const server = await spawnServer(dataDir);
    cleanup.push(() => server.stop());
    const before = readFileSync(join(dataDir, "medi-test.sqlite"));

    const refused = restore(backup, dataDir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(`is in use by a medi-test server \\(process ${server.child.pid}, since `),
    );
    expect(refused.stderr).toMatch(/stop it first/);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(readFileSync(join(dataDir, "medi-test.sqlite")).equals(before)).toBe(true);
    expect(readdirSync(dataDir).some((f) => f.includes("before-restore"))).toBe(false);

    const headers = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
    expect(
      (
        await fetch(`${server.url}/api/test-runs`, {
          method: "POST",
          headers,
          body: JSON.stringify({ name: "After the refusal" }),
        })
      ).status,
    ).toBe(201);
    await server.stop();
    const lab = await started(dataDir);
    const names = (await lab.api<{ runs: Array<{ name: string }> }>("GET", "/api/test-runs")).body.runs.map(
      (r) => r.name,
    );
    expect(names.sort()).toEqual(["After the refusal", "In the backup"]);
  });

  it.each([
    [
      "a foreign SQLite file with a runs table",
      (db: Database.Database) => db.exec("CREATE TABLE runs (id TEXT PRIMARY KEY, name TEXT)"),
      /is not a medi-test database \(it has tables but no medi-test migration record\)/,
    ],
    [
      "a SQLite file with another application id",
      (db: Database.Database) => db.pragma("application_id = 1234"),
      /is not a medi-test database \(its application id is 0x000004d2/,
    ],
    ["an empty SQLite file", () => undefined, /is not a medi-test database \(it is an empty SQLite file\)/],
  ])("refuses %s with a clear message and exit code 2, and touches nothing", async (_what, make, message) => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const lab = await started(dataDir);
    await createRun(lab, "Keep me", 1);
    await lab.close();
    const foreign = join(dataDir, "foreign.sqlite");
    const db = new Database(foreign);
    make(db);
    db.close();
    const before = readdirSync(dataDir).sort();

    const refused = restore(foreign, dataDir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(message);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dataDir).sort()).toEqual(before);
    expect(runNames(join(dataDir, "medi-test.sqlite"))).toEqual(["Keep me"]);
  });

  it("refuses a backup made by a newer version", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const backup = await backupOfOneRun(dataDir);
    const db = new Database(backup);
    db.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(
      "from-the-future",
      Date.now() + 86_400_000 * 365,
    );
    db.close();
    const refused = restore(backup, dataDir);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/was written by a newer version of medi-test/);
  });

  it("marks every database it creates with medi-test's application id, backups too", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const backup = await backupOfOneRun(dataDir);
    for (const file of [join(dataDir, "medi-test.sqlite"), backup]) {
      const db = new Database(file, { readonly: true });
      expect(db.pragma("application_id", { simple: true })).toBe(mediTestApplicationId);
      db.close();
    }
  });
});
