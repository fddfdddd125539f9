import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listBackups, takeBackup } from "../../server/application/usecases/take-backup.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

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
        const response = await lab.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: n % 3 === 0 ? "failed" : "passed" });
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
        const counts = db.prepare("SELECT total, passed, failed, untested FROM runs WHERE id = ?").get(run.id) as Record<string, number>;
        const recount = db.prepare("SELECT status, count(*) AS n FROM items WHERE run_id = ? GROUP BY status").all(run.id) as Array<{ status: string; n: number }>;
        for (const status of ["passed", "failed", "untested"]) {
          expect(counts[status]).toBe(recount.find((r) => r.status === status)?.n ?? 0);
        }
        const events = db.prepare("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM events").get() as { n: number; lo: number; hi: number };
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

    const output = execFileSync(process.execPath, ["scripts/restore-backup.ts", backup.file, "--data-dir", dataDir], { encoding: "utf8" });
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
      execFileSync(process.execPath, ["scripts/restore-backup.ts", bogus, "--data-dir", dataDir], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = String((error as { stderr: string }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/not a medi-test database/);
    expect(existsSync(join(dataDir, "medi-test.sqlite"))).toBe(false);
  });
});
