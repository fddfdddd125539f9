import type Database from "better-sqlite3";
import type { LoggedEventType, StreamEvent } from "../../../domain/stream-event.ts";
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
  const maxSeq = client.prepare<[], { seq: number | null }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
  const minSeq = client.prepare<[], { seq: number | null }>("SELECT min(seq) AS seq FROM events");
  const prune = client.prepare<[number]>("DELETE FROM events WHERE seq <= ?");

  return {
    append: (type: LoggedEventType, runId: string, itemId: string | null, data: unknown, at: number): StreamEvent => {
      const seq = Number(insert.run(runId, type, itemId, JSON.stringify(data), at).lastInsertRowid);
      return { seq, type, testRunId: runId, ...(itemId === null ? {} : { itemId }), data, timestamp: iso(at) };
    },
    after: (after: number, runIds: ReadonlyArray<string> | null, limit: number): StreamEvent[] => {
      if (runIds === null) return afterAll.all(after, limit).map(toEvent);
      if (runIds.length === 0) return [];
      const marks = runIds.map(() => "?").join(",");
      const rows = client
        .prepare<unknown[], EventRow>(
          `SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > ? AND run_id IN (${marks}) ORDER BY seq LIMIT ?`,
        )
        .all(after, ...runIds, limit);
      return rows.map(toEvent);
    },
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
