import { asc, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { Effect, Layer, Result } from "effect";
import { EventSink } from "../../../application/ports/event-sink.ts";
import { type Committed, TestRunRepository } from "../../../application/ports/test-run-repository.ts";
import { NotFound } from "../../../domain/errors.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import type { TestRunDetail } from "../../../domain/test-run.ts";
import type { Change, Decided, Loaded, Needs } from "../../../domain/write-model/decision.ts";
import { commentOf, type ItemState, runDetailOf, runSummaryOf } from "../../../domain/write-model/state.ts";
import type { Db } from "./database.ts";
import { makeEventLog } from "./event-log.ts";
import type { GroupCommitter } from "./group-commit.ts";
import { makeHotStatements } from "./hot-statements.ts";
import { commentStateOf, type RunRow, runRowOf, runStateOf } from "./row-mappers.ts";
import * as schema from "./schema.ts";
import { SqliteDatabase, SqliteWriter } from "./sqlite-database.ts";
import { abort, read, transact } from "./transaction.ts";
import { makeWallReader } from "./wall-reader.ts";

/** Finished runs stay on the "all runs" board this long after they end. */
const boardWindowMs = 24 * 3_600_000;

/**
 * The lab's storage on SQLite. It decides nothing: every change is a domain decision
 * (domain/write-model/) that `write` loads state for, saves and logs in one group-committed
 * transaction, then hands the events to the EventSink in commit order.
 */
export const makeSqliteTestRunRepository = (db: Db, writer: GroupCommitter, sink: EventSink["Service"]) => {
  const log = makeEventLog(db.$client);
  const hot = makeHotStatements(db);
  const wallRuns = makeWallReader(db.$client);

  const runRow = (id: string): RunRow | undefined => hot.run(id);
  // Stored items are the write model's items (row-mappers.ts): read as they are.
  const itemStates = (runId: string): ItemState[] => hot.items(runId);
  const detailOf = (row: RunRow): TestRunDetail => runDetailOf(runStateOf(row), itemStates(row.id));

  const load = (needs: Needs): Loaded => {
    const row = runRow(needs.runId);
    if (row === undefined) return { run: undefined, items: [] };
    const run = runStateOf(row);
    if (needs.items === "none") return { run, items: [] };
    if (needs.items === "all") return { run, items: itemStates(run.id) };
    // Each named item of this run once, in position order, whatever order (or repeats) it was named in.
    const items = new Map<string, ItemState>();
    for (const id of needs.items) {
      if (items.has(id)) continue;
      const item = hot.item(id, run.id);
      if (item !== undefined) items.set(id, item);
    }
    return { run, items: [...items.values()].sort((a, b) => a.position - b.position) };
  };

  /**
   * A save of a row that is not there: the decision saved what it did not load (a bug, not an
   * outcome its caller can expect), so it rolls back the write as a defect.
   */
  const gone = (entity: "run" | "item", id: string): never => {
    throw new Error(`No ${entity} ${id} to save: a decision saved what it did not load`);
  };

  const apply = (change: Change): void => {
    switch (change._tag) {
      case "RunInserted":
        db.insert(schema.runs).values(runRowOf(change.run)).run();
        return;
      case "RunSaved":
        if (!hot.writeRun(runRowOf(change.run))) gone("run", change.run.id);
        return;
      case "RunDeleted":
        db.delete(schema.runs).where(eq(schema.runs.id, change.runId)).run();
        return;
      case "ItemsInserted":
        for (const item of change.items) hot.insertItem(item);
        return;
      case "ItemSaved":
        if (!hot.writeItem(change.item)) gone("item", change.item.id);
        return;
      case "CommentInserted":
        db.insert(schema.comments).values(change.comment).run();
        return;
    }
  };

  const write = <A, E>(needs: Needs, decide: (loaded: Loaded) => Decided<A, E>): Effect.Effect<Committed<A>, E> =>
    transact<Committed<A>, E>(
      writer,
      () => {
        const decision = decide(load(needs));
        if (Result.isFailure(decision)) return abort(decision.failure);
        for (const change of decision.success.changes) apply(change);
        const events: StreamEvent[] = decision.success.events.map((draft) => log.append(draft));
        return { value: decision.success.value, events };
      },
      (committed) => sink.committed(committed.events),
    );

  const selectedRuns = (runIds: ReadonlyArray<string> | null, now: number): RunRow[] => {
    if (runIds !== null) {
      if (runIds.length === 0) return [];
      return db
        .select()
        .from(schema.runs)
        .where(inArray(schema.runs.id, [...runIds]))
        .orderBy(asc(schema.runs.createdAt))
        .all();
    }
    return db
      .select()
      .from(schema.runs)
      .where(
        or(
          inArray(schema.runs.status, ["planned", "running", "paused"]),
          gte(sql`coalesce(${schema.runs.completedAt}, ${schema.runs.updatedAt})`, now - boardWindowMs),
        ),
      )
      .orderBy(asc(schema.runs.createdAt))
      .all();
  };

  const summaryOf = (row: RunRow) => runSummaryOf(runStateOf(row));

  return TestRunRepository.of({
    write,

    getRun: (id) =>
      read(db, () => runRow(id)).pipe(
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.sync(() => detailOf(row)),
        ),
      ),

    getRunSummary: (id) =>
      read(db, () => runRow(id)).pipe(
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.succeed(summaryOf(row)),
        ),
      ),

    listRuns: (filter) =>
      read(db, () =>
        db
          .select()
          .from(schema.runs)
          .where(filter.status === undefined ? undefined : eq(schema.runs.status, filter.status))
          .orderBy(desc(schema.runs.createdAt))
          .limit(filter.limit)
          .all()
          .map(summaryOf),
      ),

    listComments: (runId, limit) =>
      read(db, () => {
        if (runRow(runId) === undefined) return undefined;
        return db
          .select()
          .from(schema.comments)
          .where(eq(schema.comments.runId, runId))
          .orderBy(desc(schema.comments.createdAt))
          .limit(limit)
          .all()
          .map((row) => commentOf(commentStateOf(row)));
      }).pipe(
        Effect.flatMap((list) =>
          list === undefined ? Effect.fail(new NotFound({ entity: "run", id: runId })) : Effect.succeed(list),
        ),
      ),

    eventsAfter: (after, selection, page) =>
      read(db, () => log.after(after, selection.runIds, page.limit, page.maxBytes)),

    eventBounds: read(db, () => log.bounds()),

    countEventsAfter: (after, selection, cap) => read(db, () => log.countAfter(after, selection.runIds, cap)),

    snapshot: (selection, now) =>
      read(db, () => ({
        seq: log.bounds().maxSeq,
        runs: selectedRuns(selection.runIds, now).map(detailOf),
      })),

    wallSnapshot: (selection, now) =>
      read(db, () => ({
        seq: log.bounds().maxSeq,
        runs: wallRuns(selectedRuns(selection.runIds, now).map(summaryOf), now),
      })),

    pruneEvents: (keep) => transact<number, never>(writer, () => log.prune(keep)),
  });
};

export const SqliteTestRunRepositoryLive = Layer.effect(
  TestRunRepository,
  Effect.gen(function* () {
    return makeSqliteTestRunRepository(yield* SqliteDatabase, yield* SqliteWriter, yield* EventSink);
  }),
);
