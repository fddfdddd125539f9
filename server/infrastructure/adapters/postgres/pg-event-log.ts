import type pg from "pg";
import type { EventLogBounds, EventPage } from "../../../application/ports/test-run-repository.ts";
import { type EventDraft, type LoggedKind, loggedEvent, type TypedEvent } from "../../../domain/events.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import type { PgTx } from "./pg-writer.ts";

interface EventRowPg {
  readonly seq: string;
  readonly run_id: string;
  readonly type: string;
  readonly item_id: string | null;
  readonly data: string;
  readonly at: string;
}

interface SizeRowPg {
  readonly seq: string;
  readonly size: number;
}

/** Runs one query on the pool or on a client of it. */
export type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

// The log holds only events the server built through the domain's constructors (events.ts):
// what is read back is that event, not outside input to decode.
const toEvent = (row: EventRowPg): StreamEvent =>
  ({
    seq: Number(row.seq),
    type: row.type,
    testRunId: row.run_id,
    ...(row.item_id === null ? {} : { itemId: row.item_id }),
    data: JSON.parse(row.data),
    timestamp: new Date(Number(row.at)).toISOString(),
  }) as StreamEvent;

const inRuns = (runIds: ReadonlyArray<string> | null, param: number): string =>
  runIds === null ? "" : ` AND run_id = ANY($${param}::text[])`;

/** The event log on PostgreSQL: the same pages, counts and bounds as the SQLite one. */
export const makePgEventLog = () => ({
  append: async <K extends LoggedKind>(tx: PgTx, draft: EventDraft<K>): Promise<TypedEvent<K>> => {
    const seq = tx.nextSeq();
    await tx.client.query("INSERT INTO events (seq, run_id, type, item_id, data, at) VALUES ($1, $2, $3, $4, $5, $6)", [
      seq,
      draft.testRunId,
      draft.type,
      draft.itemId,
      JSON.stringify(draft.data),
      draft.at,
    ]);
    return loggedEvent(seq, draft);
  },

  /** Events after `after`, oldest first, at most `limit` and (past the first) `maxBytes` of data. */
  after: async (
    db: Queryable,
    after: number,
    runIds: ReadonlyArray<string> | null,
    limit: number,
    maxBytes: number,
  ): Promise<EventPage> => {
    if (runIds !== null && runIds.length === 0) return { events: [], more: false };
    const ids = runIds === null ? [] : [runIds];
    const sizes = await db.query<SizeRowPg>(
      `SELECT seq, octet_length(data) AS size FROM events WHERE seq > $1${inRuns(runIds, 3)} ORDER BY seq LIMIT $2`,
      [after, limit + 1, ...ids],
    );
    let bytes = 0;
    let last = after;
    let count = 0;
    for (const row of sizes.rows) {
      if (count >= limit || (count > 0 && bytes + row.size > maxBytes)) break;
      bytes += row.size;
      last = Number(row.seq);
      count += 1;
    }
    if (count === 0) return { events: [], more: false };
    const rows = await db.query<EventRowPg>(
      `SELECT seq, run_id, type, item_id, data, at FROM events WHERE seq > $1 AND seq <= $2${inRuns(runIds, 3)} ORDER BY seq`,
      [after, last, ...ids],
    );
    return { events: rows.rows.map(toEvent), more: count < sizes.rows.length };
  },

  countAfter: async (db: Queryable, after: number, runIds: ReadonlyArray<string> | null, cap: number) => {
    const ids = runIds === null ? [] : [runIds];
    const result = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE seq > $1${inRuns(runIds, 3)} LIMIT $2) AS capped`,
      [after, cap + 1, ...ids],
    );
    return Number(result.rows[0]?.n ?? 0);
  },

  bounds: async (db: Queryable): Promise<EventLogBounds> => {
    const result = await db.query<{ max: string; min: string | null }>(
      "SELECT (SELECT value FROM event_seq WHERE id = 1) AS max, (SELECT min(seq) FROM events) AS min",
    );
    const max = Number(result.rows[0]?.max ?? 0);
    const min = result.rows[0]?.min;
    return { minSeq: min === null || min === undefined ? max + 1 : Number(min), maxSeq: max };
  },

  prune: async (tx: PgTx, keep: number): Promise<number> => {
    const result = await tx.client.query(
      "DELETE FROM events WHERE seq <= (SELECT value FROM event_seq WHERE id = 1) - $1",
      [keep],
    );
    return result.rowCount ?? 0;
  },
});

export type PgEventLog = ReturnType<typeof makePgEventLog>;
