import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Raw better-sqlite3: one-row IMMEDIATE transactions, one after another, for `durationMs`, on a
 * WAL database in the same temp folder (same disk) the bench servers use. Run as its own
 * process on the server's core: `node tests/bench/raw-commit.ts FULL 3000` prints JSON.
 */
export interface RawCommitResult {
  readonly synchronous: "FULL" | "NORMAL";
  readonly commitsPerSecond: number;
  readonly cpuMicrosPerCommit: number;
}

export const measureRawCommits = (synchronous: "FULL" | "NORMAL", durationMs: number): RawCommitResult => {
  const dir = mkdtempSync(join(tmpdir(), "medi-raw-"));
  const db = new Database(join(dir, "raw.db"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${synchronous}`);
    db.exec(
      "CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL)",
    );
    const insert = db.prepare<[string, string, number]>("INSERT INTO events (run_id, data, at) VALUES (?, ?, ?)");
    const data = JSON.stringify({ item: { status: "passed", note: null }, counts: { total: 10 } });
    const commit = db.transaction(() => insert.run("01JRUN0000000000000000001", data, Date.now()));
    for (let i = 0; i < 200; i++) commit.immediate();
    const cpu = process.cpuUsage();
    const started = performance.now();
    let commits = 0;
    while (performance.now() - started < durationMs) {
      commit.immediate();
      commits += 1;
    }
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    return {
      synchronous,
      commitsPerSecond: commits / seconds,
      cpuMicrosPerCommit: (used.user + used.system) / commits,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (import.meta.main) {
  const synchronous = process.argv[2] === "NORMAL" ? "NORMAL" : "FULL";
  process.stdout.write(`${JSON.stringify(measureRawCommits(synchronous, Number(process.argv[3] ?? 3_000)))}\n`);
}
