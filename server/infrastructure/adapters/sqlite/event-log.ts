import type Database from "better-sqlite3";
import { type EventDraft, type LoggedKind, loggedEvent, type TypedEvent } from "../../../domain/events.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
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

// The log holds only events the server built through the domain's constructors (events.ts):
// what is read back is that event, not outside input to decode.
const toEvent = (row: EventRow): StreamEvent =>
  ({
    seq: row.seq,
    type: row.type,
    testRunId: row.run_id,
    ...(row.item_id === null ? {} : { itemId: row.item_id }),
    data: JSON.parse(row.data),
    timestamp: iso(row.at),
  }) as StreamEvent;

interface SizeRow {
  readonly seq: number;
  readonly size: number;
}

/** Prepared statements over the `events` table (the hot path of every write and every replay). */
export const makeEventLog = (client: Database.Database) => {
  const insert = client.prepare<[string, string, string | null, string, number]>(
    "INSERT INTO events (run_id, type, item_id, data, at) VALUES (?, ?, ?, ?, ?)",
  );
  // A page is planned from the sizes of the events (octet_length reads no event data, however
  // large), then only the events that fit are read.
  const sizesAll = client.prepare<[number, number], SizeRow>(
    "SELECT seq, octet_length(data) AS size FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
  );
  const sizesIn = client.prepare<[number, string, number], SizeRow>(
    "SELECT seq, octet_length(data) AS size FROM events WHERE seq > ? AND run_id IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?",
  );
  const rangeAll = client.prepare<[number, number], EventRow>(
    "SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > ? AND seq <= ? ORDER BY seq",
  );
  const rangeIn = client.prepare<[number, number, string], EventRow>(
    "SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > ? AND seq <= ? AND run_id IN (SELECT value FROM json_each(?)) ORDER BY seq",
  );
  const countAll = client.prepare<[number, number], { n: number }>(
    "SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE seq > ? LIMIT ?)",
  );
  const countIn = client.prepare<[number, string, number], { n: number }>(
    "SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE seq > ? AND run_id IN (SELECT value FROM json_each(?)) LIMIT ?)",
  );
  const maxSeq = client.prepare<[], { seq: number | null }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'");
  const minSeq = client.prepare<[], { seq: number | null }>("SELECT min(seq) AS seq FROM events");
  const prune = client.prepare<[number]>("DELETE FROM events WHERE seq <= ?");

  return {
    append: <K extends LoggedKind>(draft: EventDraft<K>): TypedEvent<K> => {
      const data = JSON.stringify(draft.data);
      const seq = Number(insert.run(draft.testRunId, draft.type, draft.itemId, data, draft.at).lastInsertRowid);
      return loggedEvent(seq, draft);
    },
    /**
     * Events after `after`, oldest first: at most `limit` of them and, past the first, no more than
     * `maxBytes` of event data, so a page of a log of large batches is as small as one of results.
     */
    after: (after: number, runIds: ReadonlyArray<string> | null, limit: number, maxBytes: number): EventPage => {
      if (runIds !== null && runIds.length === 0) return { events: [], more: false };
      const ids = runIds === null ? "" : JSON.stringify(runIds);
      // One row past the limit tells whether more follow.
      const sizes = runIds === null ? sizesAll.all(after, limit + 1) : sizesIn.all(after, ids, limit + 1);
      let bytes = 0;
      let last = after;
      let count = 0;
      for (const row of sizes) {
        if (count >= limit || (count > 0 && bytes + row.size > maxBytes)) break;
        bytes += row.size;
        last = row.seq;
        count += 1;
      }
      if (count === 0) return { events: [], more: false };
      const rows = runIds === null ? rangeAll.all(after, last) : rangeIn.all(after, last, ids);
      return { events: rows.map(toEvent), more: count < sizes.length };
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
