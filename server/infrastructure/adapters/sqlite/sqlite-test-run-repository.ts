import { and, asc, desc, eq, gte, inArray, or, sql } from "drizzle-orm";
import { Effect, Layer } from "effect";
import {
  type Committed,
  type NewItemRecord,
  TestRunRepository,
} from "../../../application/ports/test-run-repository.ts";
import { InvalidTransition, NotFound, VersionConflict } from "../../../domain/errors.ts";
import { type RunCounts, shiftCounts } from "../../../domain/run-counts.ts";
import { canTransition, allowedTransitions } from "../../../domain/run-status.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import type { TestItem } from "../../../domain/test-item.ts";
import type { RunStatus, TestRunDetail } from "../../../domain/test-run.ts";
import type { Db } from "./database.ts";
import { makeEventLog } from "./event-log.ts";
import { makeHotStatements } from "./hot-statements.ts";
import { countsOf, type ItemRow, type RunRow, toComment, toItem, toRunSummary } from "./row-mappers.ts";
import * as schema from "./schema.ts";
import { SqliteDatabase } from "./sqlite-database.ts";
import { recordResultsWith } from "./record-results.ts";
import { abort, read, transact } from "./transaction.ts";
import { makeWallReader } from "./wall-reader.ts";

/** Finished runs stay on the "all runs" board this long after they end. */
const boardWindowMs = 24 * 3_600_000;

const countColumns = (c: RunCounts) => ({
  total: c.total,
  untested: c.untested,
  passed: c.passed,
  failed: c.failed,
  blocked: c.blocked,
  skipped: c.skipped,
  retest: c.retest,
});

export const makeSqliteTestRunRepository = (db: Db) => {
  const log = makeEventLog(db.$client);
  const hot = makeHotStatements(db);
  const wallRuns = makeWallReader(db.$client);

  const runRow = (id: string): RunRow | undefined => hot.run(id);
  const requireRun = (id: string): RunRow => runRow(id) ?? abort(new NotFound({ entity: "run", id }));
  const itemRows = (runId: string): ItemRow[] =>
    db.select().from(schema.items).where(eq(schema.items.runId, runId)).orderBy(asc(schema.items.position)).all();
  const detailOf = (row: RunRow): TestRunDetail => ({ ...toRunSummary(row), items: itemRows(row.id).map(toItem) });

  const insertItems = (run: RunRow, records: ReadonlyArray<NewItemRecord>, now: number): ItemRow[] => {
    const rows: ItemRow[] = records.map((r, i) => ({
      id: r.id,
      runId: run.id,
      key: r.key,
      title: r.title,
      section: r.section,
      position: run.nextPosition + i,
      status: "untested",
      assignee: null,
      note: null,
      durationMs: null,
      updatedAt: now,
      updatedBy: null,
      version: 1,
    }));
    // SQLite caps bound parameters per statement; 13 columns × 500 rows stays well inside it.
    for (let i = 0; i < rows.length; i += 500)
      db.insert(schema.items)
        .values(rows.slice(i, i + 500))
        .run();
    return rows;
  };

  const writeCounts = (runId: string, counts: RunCounts, now: number, extra: Partial<RunRow> = {}): RunRow =>
    db
      .update(schema.runs)
      .set({ ...countColumns(counts), updatedAt: now, ...extra })
      .where(eq(schema.runs.id, runId))
      .returning()
      .get() ?? abort(new NotFound({ entity: "run", id: runId }));

  const statusChange = (run: RunRow, to: RunStatus, now: number): Partial<RunRow> => ({
    status: to,
    ...(to === "running" && run.startedAt === null ? { startedAt: now } : {}),
    ...(to === "completed" || to === "aborted" ? { completedAt: now } : {}),
    ...(to === "running" ? { completedAt: null } : {}),
  });

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

  const recordResults = recordResultsWith({ log, hot, requireRun, itemRows, insertItems, writeCounts, statusChange });

  return TestRunRepository.of({
    recordResults: (runId, results, actor, now) => transact(db, () => recordResults(runId, results, actor, now)),

    createRun: (record) =>
      transact(db, (): Committed<TestRunDetail> => {
        const inserted = db
          .insert(schema.runs)
          .values({
            id: record.id,
            name: record.name,
            description: record.description,
            labels: record.labels,
            status: "planned",
            createdAt: record.now,
            updatedAt: record.now,
            version: 1,
          })
          .returning()
          .get();
        insertItems(inserted, record.items, record.now);
        const counts: RunCounts = { ...countsOf(inserted), total: record.items.length, untested: record.items.length };
        const run = writeCounts(inserted.id, counts, record.now, { nextPosition: record.items.length });
        const detail = detailOf(run);
        const event = log.append("run_created", run.id, null, { run: detail }, record.now);
        return { value: detail, events: [event] };
      }),

    getRun: (id) =>
      read(db, () => runRow(id)).pipe(
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.sync(() => detailOf(row)),
        ),
      ),

    getRunSummary: (id) =>
      read(db, () => runRow(id)).pipe(
        Effect.flatMap((row) =>
          row === undefined ? Effect.fail(new NotFound({ entity: "run", id })) : Effect.succeed(toRunSummary(row)),
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
          .map(toRunSummary),
      ),

    updateRun: (id, patch, expectedVersion, now) =>
      transact(db, () => {
        const run = requireRun(id);
        if (expectedVersion !== undefined && run.version !== expectedVersion) {
          abort(new VersionConflict({ expectedVersion, current: toRunSummary(run) }));
        }
        const updated =
          db
            .update(schema.runs)
            .set({ ...patch, updatedAt: now, version: run.version + 1 })
            .where(eq(schema.runs.id, id))
            .returning()
            .get() ?? abort(new NotFound({ entity: "run", id }));
        const summary = toRunSummary(updated);
        return { value: summary, events: [log.append("run_updated", id, null, { run: summary }, now)] };
      }),

    setRunStatus: (id, status, expectedVersion, now) =>
      transact(db, () => {
        const run = requireRun(id);
        if (expectedVersion !== undefined && run.version !== expectedVersion) {
          abort(new VersionConflict({ expectedVersion, current: toRunSummary(run) }));
        }
        if (run.status !== status && !canTransition(run.status, status)) {
          abort(new InvalidTransition({ from: run.status, to: status, allowed: allowedTransitions(run.status) }));
        }
        if (run.status === status) return { value: toRunSummary(run), events: [] };
        const updated =
          db
            .update(schema.runs)
            .set({ ...statusChange(run, status, now), updatedAt: now, version: run.version + 1 })
            .where(eq(schema.runs.id, id))
            .returning()
            .get() ?? abort(new NotFound({ entity: "run", id }));
        const summary = toRunSummary(updated);
        const event = log.append("status_changed", id, null, { status, previousStatus: run.status, run: summary }, now);
        return { value: summary, events: [event] };
      }),

    deleteRun: (id, now) =>
      transact(db, () => {
        requireRun(id);
        db.delete(schema.runs).where(eq(schema.runs.id, id)).run();
        return { value: { id }, events: [log.append("run_deleted", id, null, { id }, now)] };
      }),

    addItems: (runId, records, now) =>
      transact(db, () => {
        const run = requireRun(runId);
        const rows = insertItems(run, records, now);
        let counts = countsOf(run);
        for (const _ of rows) counts = shiftCounts(counts, null, "untested");
        writeCounts(runId, counts, now, { nextPosition: run.nextPosition + rows.length });
        const items = rows.map(toItem);
        return { value: { items, counts }, events: [log.append("items_added", runId, null, { items, counts }, now)] };
      }),

    updateItem: (runId, itemId, patch, expectedVersion, actor, now) =>
      transact(db, () => {
        const run = requireRun(runId);
        const row = hot.item(itemId, runId) ?? abort(new NotFound({ entity: "item", id: itemId }));
        if (expectedVersion !== undefined && row.version !== expectedVersion) {
          abort(new VersionConflict({ expectedVersion, current: toItem(row) }));
        }
        const events: StreamEvent[] = [];
        let runChange: Partial<RunRow> = {};
        // Recording the first result starts a planned run: the board shows it as running at once.
        if (patch.status !== undefined && patch.status !== "untested" && run.status === "planned") {
          runChange = { ...statusChange(run, "running", now), version: run.version + 1 };
        }
        const updated: ItemRow = {
          ...row,
          ...(patch.status === undefined ? {} : { status: patch.status }),
          ...(patch.note === undefined ? {} : { note: patch.note }),
          ...(patch.assignee === undefined ? {} : { assignee: patch.assignee }),
          ...(patch.durationMs === undefined ? {} : { durationMs: patch.durationMs }),
          updatedAt: now,
          updatedBy: actor,
          version: row.version + 1,
        };
        if (!hot.writeItem(updated)) abort(new NotFound({ entity: "item", id: itemId }));
        const counts = shiftCounts(countsOf(run), row.status, updated.status);
        // The common case (counts only) through a prepared statement; a status change as before.
        let runAfter: RunRow;
        if (runChange.status === undefined) {
          if (!hot.writeCounts(runId, counts, now)) abort(new NotFound({ entity: "run", id: runId }));
          runAfter = { ...run, ...countColumns(counts), updatedAt: now };
        } else {
          runAfter = writeCounts(runId, counts, now, runChange);
        }
        if (runChange.status !== undefined) {
          const summary = toRunSummary(runAfter);
          events.push(
            log.append(
              "status_changed",
              runId,
              null,
              { status: runAfter.status, previousStatus: run.status, run: summary },
              now,
            ),
          );
        }
        const item: TestItem = toItem(updated);
        events.push(log.append("item_updated", runId, itemId, { item, counts, previousStatus: row.status }, now));
        return { value: { item, counts }, events };
      }),

    addComment: (comment, now) =>
      transact(db, () => {
        requireRun(comment.runId);
        if (comment.itemId !== null) {
          const item = db
            .select({ id: schema.items.id })
            .from(schema.items)
            .where(and(eq(schema.items.id, comment.itemId), eq(schema.items.runId, comment.runId)))
            .get();
          if (item === undefined) abort(new NotFound({ entity: "item", id: comment.itemId }));
        }
        const row = db
          .insert(schema.comments)
          .values({ ...comment, createdAt: now })
          .returning()
          .get();
        const value = toComment(row);
        const event = log.append("comment_added", comment.runId, comment.itemId, { comment: value }, now);
        return { value, events: [event] };
      }),

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
          .map(toComment);
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
        runs: wallRuns(selectedRuns(selection.runIds, now).map(toRunSummary), now),
      })),

    pruneEvents: (keep) => transact<number, never>(db, () => log.prune(keep)),
  });
};

export const SqliteTestRunRepositoryLive = Layer.effect(
  TestRunRepository,
  Effect.gen(function* () {
    return makeSqliteTestRunRepository(yield* SqliteDatabase);
  }),
);
