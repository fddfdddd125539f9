import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { makeTempDir, removeDir } from "../support/lab-server.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";

/**
 * Two instances on one PostgreSQL database, 16 writers each, for 30 s: the event log stays
 * gap-free and is committed in seq order — a reader polling the log alongside never sees seq
 * N+1 before N — and every run's counts match its items.
 */
const writersPerInstance = 16;
const durationMs = 30_000;
const statuses = ["passed", "failed", "blocked", "skipped", "retest", "untested"] as const;

let database: TestDatabase;
const instances: ServerProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 2; i += 1) {
    const dir = makeTempDir("medi-test-pg-");
    dirs.push(dir);
    instances.push(await spawnServer(dir, 0, ["--database-url", database.url]));
  }
}, 60_000);

afterAll(async () => {
  for (const instance of instances) await instance.stop();
  await database?.drop();
  for (const dir of dirs) removeDir(dir);
});

const call = async (server: ServerProcess, method: string, path: string, body: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as unknown };
};

describe("several instances on one PostgreSQL database", () => {
  it("2 instances × 16 writers for 30 s: a gap-free log committed in seq order, counts that match the items", async () => {
    const [a, b] = instances;
    if (a === undefined || b === undefined) throw new Error("instances did not start");
    const runs: TestRunDetail[] = [];
    for (let r = 0; r < 6; r += 1) {
      const created = await call(r % 2 === 0 ? a : b, "POST", "/api/test-runs", {
        name: `Contended ${r}`,
        items: Array.from({ length: 40 }, (_, i) => ({ title: `case ${i}`, section: `S${i % 4}` })),
      });
      expect(created.status).toBe(201);
      runs.push(created.body as TestRunDetail);
    }

    const deadline = Date.now() + durationMs;
    let acknowledged = 0;
    let failures = 0;
    const writer = async (server: ServerProcess, n: number) => {
      let i = n;
      while (Date.now() < deadline) {
        i += 7;
        const run = runs[i % runs.length] as TestRunDetail;
        const item = run.items[(i * 13) % run.items.length];
        if (item === undefined) continue;
        const status = statuses[i % statuses.length];
        const answer =
          i % 10 === 0
            ? await call(server, "POST", `/api/test-runs/${run.id}/results`, {
                results: run.items.slice(0, 5).map((each) => ({ itemId: each.id, status: "passed" })),
              })
            : await call(server, "PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status });
        if (answer.status === 200) acknowledged += 1;
        else failures += 1;
      }
    };

    // Reads the log as fast as it can while the writers run: what it sees must always continue
    // exactly where it left off. A seq committed out of order would show as a hole here. It stops
    // once a read begun after the last writer's answer finds nothing new (not at a fixed time: a
    // write begun just before the deadline may commit well after it on a busy machine).
    const holes: string[] = [];
    let seen = 0;
    let writersDone = false;
    const verifier = async () => {
      for (;;) {
        const last = writersDone;
        const rows = await database.query<{ seq: string }>(
          "SELECT seq FROM events WHERE seq > $1 ORDER BY seq LIMIT 5000",
          [seen],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          if (seq !== seen + 1) holes.push(`after ${seen} came ${seq}`);
          seen = seq;
        }
        if (last && rows.length === 0) return;
      }
    };

    await Promise.all([
      verifier(),
      Promise.all([
        ...Array.from({ length: writersPerInstance }, (_, n) => writer(a, n)),
        ...Array.from({ length: writersPerInstance }, (_, n) => writer(b, n + 1000)),
      ]).finally(() => {
        writersDone = true;
      }),
    ]);

    expect(failures).toBe(0);
    expect(acknowledged).toBeGreaterThan(100);
    expect(holes).toEqual([]);
    const [log] = await database.query<{ n: string; min: string; max: string; counter: string }>(
      "SELECT count(*) AS n, min(seq) AS min, max(seq) AS max, (SELECT value FROM event_seq) AS counter FROM events",
    );
    expect(Number(log?.min)).toBe(1);
    expect(Number(log?.n)).toBe(Number(log?.max));
    expect(Number(log?.counter)).toBe(Number(log?.max));
    expect(seen).toBe(Number(log?.max));
    // 6 run_created, one item_updated per single write, one batch per bulk write, and at most one
    // status_changed per run (its first result starts it).
    const [kinds] = await database.query<{ created: string; updates: string; started: string }>(
      `SELECT count(*) FILTER (WHERE type = 'run_created') AS created,
                count(*) FILTER (WHERE type IN ('item_updated', 'batch')) AS updates,
                count(*) FILTER (WHERE type = 'status_changed') AS started FROM events`,
    );
    expect(Number(kinds?.created)).toBe(6);
    expect(Number(kinds?.updates)).toBe(acknowledged);
    expect(Number(kinds?.started)).toBeLessThanOrEqual(6);

    const mismatched = await database.query(
      `SELECT r.id FROM runs r JOIN (
           SELECT run_id, count(*) AS total,
                  count(*) FILTER (WHERE status = 'untested') AS untested,
                  count(*) FILTER (WHERE status = 'passed') AS passed,
                  count(*) FILTER (WHERE status = 'failed') AS failed,
                  count(*) FILTER (WHERE status = 'blocked') AS blocked,
                  count(*) FILTER (WHERE status = 'skipped') AS skipped,
                  count(*) FILTER (WHERE status = 'retest') AS retest
           FROM items GROUP BY run_id) c ON c.run_id = r.id
         WHERE (r.total, r.untested, r.passed, r.failed, r.blocked, r.skipped, r.retest)
            <> (c.total, c.untested, c.passed, c.failed, c.blocked, c.skipped, c.retest)`,
    );
    expect(mismatched).toEqual([]);
  }, 120_000);
});
