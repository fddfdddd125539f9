import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { makeTempDir, openStream, removeDir, sleep, type TestStream } from "../support/lab-server.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";

/** Rounds of kill -9 under load; `npm run soak` raises it. */
const rounds = Number(process.env.MEDI_TEST_CRASH_ROUNDS ?? "5");
const writers = 32;
const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

interface Ack {
  readonly itemId: string;
  readonly note: string;
  readonly version: number;
}

interface ItemState {
  status: string;
  note: string | null;
  version: number;
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Reads the database file directly while the server is down (this also recovers the WAL). */
const inspect = (dataDir: string) => {
  const db = new Database(`${dataDir}/medi-test.sqlite`);
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    const seq = db.prepare("SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi FROM events").get() as {
      n: number;
      lo: number;
      hi: number;
    };
    const notes = new Set(
      (
        db
          .prepare("SELECT json_extract(data, '$.item.note') AS note FROM events WHERE type = 'item_updated'")
          .all() as Array<{ note: string | null }>
      ).map((r) => r.note),
    );
    const versions = new Map(
      (db.prepare("SELECT id, version FROM items").all() as Array<{ id: string; version: number }>).map((r) => [
        r.id,
        r.version,
      ]),
    );
    const runs = db
      .prepare("SELECT id, total, untested, passed, failed, blocked, skipped, retest FROM runs")
      .all() as Array<Record<string, number | string>>;
    const recount = db
      .prepare("SELECT run_id, status, count(*) AS n FROM items GROUP BY run_id, status")
      .all() as Array<{ run_id: string; status: string; n: number }>;
    return { integrity, seq, notes, versions, runs, recount };
  } finally {
    db.close();
  }
};

describe("crash safety", () => {
  it(`keeps every acknowledged write, a gap-free log and consistent counts through ${rounds} kill -9 rounds under ${writers} writers`, async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    let server: ServerProcess = await spawnServer(dataDir);
    cleanup.push(() => server.stop());
    const port = server.port;
    const headers = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };

    const runs: TestRunDetail[] = [];
    for (let r = 0; r < 3; r++) {
      const items = Array.from({ length: 20 }, (_, i) => ({ title: `Case ${i}`, section: `S${i % 4}` }));
      const response = await fetch(`${server.url}/api/test-runs`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: `Crash ${r}`, items }),
      });
      runs.push((await response.json()) as TestRunDetail);
    }
    const allItems = runs.flatMap((run) => run.items);

    // A wall that stays connected through every crash: it resumes by itself with Last-Event-ID.
    const model = new Map<string, ItemState>();
    const counts = new Map<string, RunCounts>();
    let resets = 0;
    let modelSeq = 0;
    const wall: TestStream = openStream(`${server.url}/api/stream?all=1`);
    cleanup.push(() => wall.close());
    let applied = 0;
    const apply = () => {
      for (; applied < wall.events.length; applied++) {
        const event = wall.events[applied];
        if (event === undefined) continue;
        if (event.type === "snapshot" || event.type === "reset") {
          // A wall's stream sends run summaries: the items are as created (the wall connected
          // before any write), and from then on every change arrives as an event. A reset would
          // mean a resume failed: counted, and it fails the test.
          if (event.type === "reset") resets += 1;
          model.clear();
          for (const run of runs)
            for (const item of run.items)
              model.set(item.id, { status: item.status, note: item.note, version: item.version });
          for (const run of event.data.runs ?? []) if (run.counts !== undefined) counts.set(run.id, run.counts);
        } else if (event.type === "item_updated" && event.data.item !== undefined) {
          const item = event.data.item;
          model.set(item.id, { status: item.status, note: item.note, version: item.version });
          if (event.data.counts !== undefined) counts.set(event.testRunId, event.data.counts);
        }
        modelSeq = Math.max(modelSeq, event.seq);
      }
    };
    await wall.waitForCount(1);

    const acked: Ack[] = [];
    let lostResponses = 0;
    for (let round = 0; round < rounds; round++) {
      let stop = false;
      const writer = async (w: number) => {
        for (let n = 0; !stop; n++) {
          const item = allItems[Math.floor(Math.random() * allItems.length)];
          if (item === undefined) continue;
          const note = `r${round}-w${w}-${n}`;
          try {
            const response = await fetch(`${server.url}/api/test-runs/${item.runId}/items/${item.id}`, {
              method: "PUT",
              headers,
              body: JSON.stringify({ status: statuses[n % statuses.length], note }),
            });
            if (response.status !== 200) throw new Error(`unexpected ${response.status}`);
            const body = (await response.json()) as TestItem;
            acked.push({ itemId: item.id, note, version: body.version });
          } catch {
            lostResponses += 1;
            return;
          }
        }
      };
      const load = Array.from({ length: writers }, (_, w) => writer(w));
      await sleep(150 + Math.random() * 700);
      await server.kill9();
      stop = true;
      await Promise.all(load);

      const state = inspect(dataDir);
      expect(state.integrity).toBe("ok");
      expect(state.seq.n).toBe(state.seq.hi - state.seq.lo + 1);
      const missing = acked.filter((a) => !state.notes.has(a.note));
      expect(missing).toEqual([]);
      for (const ack of acked) expect(state.versions.get(ack.itemId) ?? 0).toBeGreaterThanOrEqual(ack.version);
      for (const run of state.runs) {
        const rows = state.recount.filter((r) => r.run_id === run.id);
        for (const status of ["untested", ...statuses]) {
          expect(run[status]).toBe(rows.find((r) => r.status === status)?.n ?? 0);
        }
        expect(run.total).toBe(rows.reduce((sum, r) => sum + r.n, 0));
      }
      server = await spawnServer(dataDir, port);
    }
    expect(acked.length).toBeGreaterThan(rounds * writers);
    expect(lostResponses).toBeGreaterThan(0);

    // The wall catches up on its own and ends with exactly the database's state.
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { lastEventId: number };
    await wall.waitFor(
      () => {
        apply();
        return modelSeq >= health.lastEventId;
      },
      30_000,
      `the wall to reach seq ${health.lastEventId}`,
    );
    apply();
    const seqs = wall.events.filter((e) => e.type !== "snapshot" && e.type !== "reset").map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const run of runs) {
      const current = (await (await fetch(`${server.url}/api/test-runs/${run.id}`)).json()) as TestRunDetail;
      for (const item of current.items) {
        expect(model.get(item.id)).toEqual({ status: item.status, note: item.note, version: item.version });
      }
      expect(counts.get(run.id)).toEqual(current.counts);
    }
    expect(resets).toBe(0);
  }, 240_000);
});
