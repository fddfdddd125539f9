import { Effect, Layer, Result } from "effect";
import type pg from "pg";
import { EventSink } from "../../../application/ports/event-sink.ts";
import { type Committed, TestRunRepository } from "../../../application/ports/test-run-repository.ts";
import { NotFound } from "../../../domain/errors.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import type { TestRunDetail, TestRunSummary } from "../../../domain/test-run.ts";
import type { Change, Decided, Loaded, Needs } from "../../../domain/write-model/decision.ts";
import {
  commentOf,
  type ItemState,
  type RunState,
  runDetailOf,
  runSummaryOf,
} from "../../../domain/write-model/state.ts";
import { abort } from "../abort.ts";
import { makePgEventLog, type Queryable } from "./pg-event-log.ts";
import {
  type CommentRowPg,
  commentStateOfPg,
  itemColumns,
  type ItemRowPg,
  itemParams,
  itemStateOfPg,
  placeholders,
  runColumns,
  type RunRowPg,
  runParams,
  runStateOfPg,
} from "./pg-rows.ts";
import { PostgresDatabase, PostgresWriter } from "./pg-services.ts";
import { readWallPg } from "./pg-wall-reader.ts";
import type { PgTx, PgWriter } from "./pg-writer.ts";

/** Finished runs stay on the "all runs" board this long after they end. */
const boardWindowMs = 24 * 3_600_000;

/** PostgreSQL takes at most 65,535 parameters per statement; 13 columns × 1,000 rows stays inside it. */
const insertChunk = 1_000;

const runUpdate = `UPDATE runs SET (${runColumns}) = (${placeholders(1, 18).slice(1, -1)}) WHERE id = $1`;
const itemUpdate = `UPDATE items SET (${itemColumns}) = (${placeholders(1, 13).slice(1, -1)}) WHERE id = $1`;

/**
 * The lab's storage on PostgreSQL, for several instances behind a load balancer. Like the SQLite
 * store it decides nothing: `write` loads the state a domain decision needs inside the group's
 * transaction (pg-writer.ts: one writer at a time across instances, seq in commit order), saves
 * its changes, appends its events, and after COMMIT hands them to the EventSink.
 */
export const makePgTestRunRepository = (pool: pg.Pool, writer: PgWriter, sink: EventSink["Service"]) => {
  const log = makePgEventLog();

  const runRow = async (db: Queryable, id: string): Promise<RunState | undefined> => {
    const result = await db.query<RunRowPg>(`SELECT ${runColumns} FROM runs WHERE id = $1`, [id]);
    const row = result.rows[0];
    return row === undefined ? undefined : runStateOfPg(row);
  };
  const itemsOf = async (db: Queryable, runIds: ReadonlyArray<string>): Promise<ItemState[]> =>
    (
      await db.query<ItemRowPg>(
        `SELECT ${itemColumns} FROM items WHERE run_id = ANY($1::text[]) ORDER BY run_id, position`,
        [runIds],
      )
    ).rows.map(itemStateOfPg);

  const load = async (client: Queryable, needs: Needs): Promise<Loaded> => {
    const run = await runRow(client, needs.runId);
    if (run === undefined || needs.items === "none") return { run, items: [] };
    if (needs.items === "all") return { run, items: await itemsOf(client, [run.id]) };
    if (needs.items.length === 0) return { run, items: [] };
    const rows = await client.query<ItemRowPg>(
      `SELECT ${itemColumns} FROM items WHERE run_id = $1 AND id = ANY($2::text[]) ORDER BY position`,
      [run.id, needs.items],
    );
    return { run, items: rows.rows.map(itemStateOfPg) };
  };

  /**
   * A save of a row that is not there: the decision saved what it did not load (a bug, not an
   * outcome its caller can expect), so it rolls back the write as a defect.
   */
  const gone = (entity: "run" | "item", id: string): never => {
    throw new Error(`No ${entity} ${id} to save: a decision saved what it did not load`);
  };

  const apply = async (client: pg.PoolClient, change: Change): Promise<void> => {
    switch (change._tag) {
      case "RunInserted":
        await client.query(`INSERT INTO runs (${runColumns}) VALUES ${placeholders(1, 18)}`, runParams(change.run));
        return;
      case "RunSaved":
        if ((await client.query(runUpdate, runParams(change.run))).rowCount !== 1) gone("run", change.run.id);
        return;
      case "RunDeleted":
        await client.query("DELETE FROM runs WHERE id = $1", [change.runId]);
        return;
      case "ItemsInserted":
        for (let i = 0; i < change.items.length; i += insertChunk) {
          const chunk = change.items.slice(i, i + insertChunk);
          await client.query(
            `INSERT INTO items (${itemColumns}) VALUES ${placeholders(chunk.length, 13)}`,
            chunk.flatMap(itemParams),
          );
        }
        return;
      case "ItemSaved":
        if ((await client.query(itemUpdate, itemParams(change.item))).rowCount !== 1) gone("item", change.item.id);
        return;
      case "CommentInserted": {
        const c = change.comment;
        await client.query(
          "INSERT INTO comments (id, run_id, item_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
          [c.id, c.runId, c.itemId, c.author, c.body, c.createdAt],
        );
        return;
      }
    }
  };

  const write = <A, E>(needs: Needs, decide: (loaded: Loaded) => Decided<A, E>): Effect.Effect<Committed<A>, E> =>
    writer.transact<Committed<A>, E>(
      async (tx: PgTx) => {
        const decision = decide(await load(tx.client, needs));
        if (Result.isFailure(decision)) return abort(decision.failure);
        for (const change of decision.success.changes) await apply(tx.client, change);
        const events: StreamEvent[] = [];
        for (const draft of decision.success.events) events.push(await log.append(tx, draft));
        return { value: decision.success.value, events };
      },
      (committed) => sink.committed(committed.events),
    );

  /** Reads on one connection in one snapshot (REPEATABLE READ): the runs and the seq they reflect agree. */
  const consistent = <A>(work: (client: pg.PoolClient) => Promise<A>): Effect.Effect<A> =>
    Effect.promise(async () => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        const value = await work(client);
        await client.query("COMMIT");
        client.release();
        return value;
      } catch (error) {
        client.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    });
  const query = <A>(work: (db: Queryable) => Promise<A>): Effect.Effect<A> => Effect.promise(() => work(pool));

  const selectedRuns = async (db: Queryable, runIds: ReadonlyArray<string> | null, now: number) => {
    const rows =
      runIds === null
        ? await db.query<RunRowPg>(
            `SELECT ${runColumns} FROM runs
             WHERE status IN ('planned', 'running', 'paused') OR coalesce(completed_at, updated_at) >= $1
             ORDER BY created_at, id`,
            [now - boardWindowMs],
          )
        : runIds.length === 0
          ? { rows: [] }
          : await db.query<RunRowPg>(
              `SELECT ${runColumns} FROM runs WHERE id = ANY($1::text[]) ORDER BY created_at, id`,
              [runIds],
            );
    return rows.rows.map(runStateOfPg);
  };

  const detailsOf = async (db: Queryable, runs: ReadonlyArray<RunState>): Promise<TestRunDetail[]> => {
    if (runs.length === 0) return [];
    const byRun = new Map<string, ItemState[]>();
    for (const item of await itemsOf(
      db,
      runs.map((run) => run.id),
    )) {
      const list = byRun.get(item.runId);
      if (list === undefined) byRun.set(item.runId, [item]);
      else list.push(item);
    }
    return runs.map((run) => runDetailOf(run, byRun.get(run.id) ?? []));
  };

  const maxSeq = async (db: Queryable): Promise<number> =>
    Number((await db.query<{ value: string }>("SELECT value FROM event_seq WHERE id = 1")).rows[0]?.value ?? 0);

  const requireRun = (id: string, run: RunState | undefined): Effect.Effect<RunState, NotFound> =>
    run === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.succeed(run);

  return TestRunRepository.of({
    write,

    getRun: (id) =>
      consistent(async (client) => {
        const run = await runRow(client, id);
        return run === undefined ? undefined : (await detailsOf(client, [run]))[0];
      }).pipe(
        Effect.flatMap((detail) =>
          detail === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.succeed(detail),
        ),
      ),

    getRunSummary: (id) =>
      query((db) => runRow(db, id)).pipe(
        Effect.flatMap((run) => requireRun(id, run)),
        Effect.map(runSummaryOf),
      ),

    listRuns: (filter) =>
      query(async (db): Promise<ReadonlyArray<TestRunSummary>> => {
        const rows =
          filter.status === undefined
            ? await db.query<RunRowPg>(`SELECT ${runColumns} FROM runs ORDER BY created_at DESC, id DESC LIMIT $1`, [
                filter.limit,
              ])
            : await db.query<RunRowPg>(
                `SELECT ${runColumns} FROM runs WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
                [filter.status, filter.limit],
              );
        return rows.rows.map((row) => runSummaryOf(runStateOfPg(row)));
      }),

    listComments: (runId, limit) =>
      consistent(async (client) => {
        if ((await runRow(client, runId)) === undefined) return undefined;
        const rows = await client.query<CommentRowPg>(
          "SELECT id, run_id, item_id, author, body, created_at FROM comments WHERE run_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
          [runId, limit],
        );
        return rows.rows.map((row) => commentOf(commentStateOfPg(row)));
      }).pipe(
        Effect.flatMap((list) =>
          list === undefined ? Effect.fail(new NotFound({ entity: "run", id: runId })) : Effect.succeed(list),
        ),
      ),

    eventsAfter: (after, selection, page) =>
      query((db) => log.after(db, after, selection.runIds, page.limit, page.maxBytes)),

    eventBounds: query((db) => log.bounds(db)),

    countEventsAfter: (after, selection, cap) => query((db) => log.countAfter(db, after, selection.runIds, cap)),

    snapshot: (selection, now) =>
      consistent(async (client) => {
        const seq = await maxSeq(client);
        const runs = await detailsOf(client, await selectedRuns(client, selection.runIds, now));
        return { seq, runs };
      }),

    wallSnapshot: (selection, now) =>
      consistent(async (client) => {
        const seq = await maxSeq(client);
        const runs = (await selectedRuns(client, selection.runIds, now)).map(runSummaryOf);
        return { seq, runs: await readWallPg(client, runs, now) };
      }),

    pruneEvents: (keep) => writer.transact<number, never>((tx) => log.prune(tx, keep)),
  });
};

export const PgTestRunRepositoryLive = Layer.effect(
  TestRunRepository,
  Effect.gen(function* () {
    const db = yield* PostgresDatabase;
    return makePgTestRunRepository(db.$client, yield* PostgresWriter, yield* EventSink);
  }),
);
