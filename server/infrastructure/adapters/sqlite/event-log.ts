import type Database from "better-sqlite3";
import type { LoggedEventType, StreamEvent } from "../../../domain/stream-event.ts";
import type { EventPage } from "../../../application/ports/test-run-repository.ts";
import { iso } from "./row-mappers.ts";

interface EventRow {
  readonly seq: number;
  readonly run_id: string;
  readonly type: string;
  readonly item_id: string | null;
  readonly data: string;
  readonly at: number;
}

const toEvent = (row: EventRow): StreamEvent => ({
  seq: row.seq,
  type: row.type as StreamEvent["type"],
  testRunId: row.run_id,
  ...(row.item_id === null ? {} : { itemId: row.item_id }),
  data: JSON.parse(row.data) as unknown,
  timestamp: iso(row.at),
});

/** Prepared statements over the `events` table (the hot path of every write and every replay). */
export const makeEventLog = (client: Database.Database) => {
  const insert = client.prepare<[string, string, string | null, string, number]>(
    "INSERT INTO events (run_id, type, item_id, data, at) VALUES (?, ?, ?, ?, ?)",
  );
  const afterAll = client.prepare<[number, number], EventRow>(
    "SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
  );
  const afterIn = client.prepare<[number, string, number], EventRow>(
    "SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > ? AND run_id IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?",
  );
  const countAll = client.prepare<[number, number], { n: number }>("SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE seq > ? LIMIT ?)");
  const countIn = client.prepare<[number, string, number], { n: number }>(
    "SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE seq > ? AND run_id IN (SELECT value FROM json_each(?)) LIMIT ?)",
  );
  const maxSeq = client.prepare<[], { seq: number | null }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
  const minSeq = client.prepare<[], { seq: number | null }>("SELECT min(seq) AS seq FROM events");
  const prune = client.prepare<[number]>("DELETE FROM events WHERE seq <= ?");

  return {
    append: (type: LoggedEventType, runId: string, itemId: string | null, data: unknown, at: number): StreamEvent => {
      const seq = Number(insert.run(runId, type, itemId, JSON.stringify(data), at).lastInsertRowid);
      return { seq, type, testRunId: runId, ...(itemId === null ? {} : { itemId }), data, timestamp: iso(at) };
    },
    /**
     * Events after `after`, oldest first: at most `limit` of them and, past the first, no more than
     * `maxBytes` of event data, so a page of a log of large batches is as small as one of results.
     */
    after: (after: number, runIds: ReadonlyArray<string> | null, limit: number, maxBytes: number): EventPage => {
      if (runIds !== null && runIds.length === 0) return { events: [], more: false };
      // One row past the limit tells whether more follow.
      const rows = runIds === null ? afterAll.iterate(after, limit + 1) : afterIn.iterate(after, JSON.stringify(runIds), limit + 1);
      const events: StreamEvent[] = [];
      let bytes = 0;
      let more = false;
      for (const row of rows) {
        if (events.length >= limit || (events.length > 0 && bytes + row.data.length > maxBytes)) {
          more = true;
          break;
        }
        bytes += row.data.length;
        events.push(toEvent(row));
      }
      return { events, more };
    },
    countAfter: (after: number, runIds: ReadonlyArray<string> | null, cap: number): number =>
      (runIds === null ? countAll.get(after, cap + 1) : countIn.get(after, JSON.stringify(runIds), cap + 1))?.n ?? 0,
    bounds: (): { minSeq: number; maxSeq: number } => {
      const max = maxSeq.get()?.seq ?? 0;
      const min = minSeq.get()?.seq ?? max + 1;
      return { minSeq: min, maxSeq: max };
    },
    prune: (keep: number): number => {
      const max = maxSeq.get()?.seq ?? 0;
      return prune.run(max - keep).changes;
    },
  };
};

export type EventLog = ReturnType<typeof makeEventLog>;
