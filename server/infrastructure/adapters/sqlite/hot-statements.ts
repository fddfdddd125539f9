import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "./database.ts";
import type { ItemRow, RunRow } from "./row-mappers.ts";
import * as schema from "./schema.ts";

/**
 * The statements every result (and every stream open, every authenticated request) runs,
 * prepared once. Building a drizzle query and preparing it in SQLite on every call cost about
 * half a millisecond per result recorded — more than the commit itself.
 */
export const makeHotStatements = (db: Db) => {
  const runById = db
    .select()
    .from(schema.runs)
    .where(eq(schema.runs.id, sql.placeholder("id")))
    .prepare();
  const itemInRun = db
    .select()
    .from(schema.items)
    .where(and(eq(schema.items.id, sql.placeholder("id")), eq(schema.items.runId, sql.placeholder("runId"))))
    .prepare();
  const activeToken = db
    .select()
    .from(schema.tokens)
    .where(and(eq(schema.tokens.hash, sql.placeholder("hash")), isNull(schema.tokens.revokedAt)))
    .prepare();
  const client = db.$client;
  const writeItem = client.prepare<
    [string, string | null, string | null, number | null, number, string | null, number, string]
  >(
    "UPDATE items SET status = ?, assignee = ?, note = ?, duration_ms = ?, updated_at = ?, updated_by = ?, version = ? WHERE id = ?",
  );
  const writeRun = client.prepare<
    [
      string,
      string | null,
      string,
      string,
      number | null,
      number | null,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      string,
    ]
  >(
    "UPDATE runs SET name = ?, description = ?, labels = ?, status = ?, started_at = ?, completed_at = ?, updated_at = ?, version = ?, next_position = ?, total = ?, untested = ?, passed = ?, failed = ?, blocked = ?, skipped = ?, retest = ? WHERE id = ?",
  );
  return {
    run: (id: string): RunRow | undefined => runById.get({ id }),
    item: (id: string, runId: string): ItemRow | undefined => itemInRun.get({ id, runId }),
    activeToken: (hash: string) => activeToken.get({ hash }),
    /** Writes every mutable column of `row` (the item as it is to be stored); false when it is gone. */
    writeItem: (row: ItemRow): boolean =>
      writeItem.run(
        row.status,
        row.assignee,
        row.note,
        row.durationMs,
        row.updatedAt,
        row.updatedBy,
        row.version,
        row.id,
      ).changes === 1,
    /** Writes every mutable column of `row` (the run as it is to be stored); false when it is gone. */
    writeRun: (row: RunRow): boolean =>
      writeRun.run(
        row.name,
        row.description,
        JSON.stringify(row.labels),
        row.status,
        row.startedAt,
        row.completedAt,
        row.updatedAt,
        row.version,
        row.nextPosition,
        row.total,
        row.untested,
        row.passed,
        row.failed,
        row.blocked,
        row.skipped,
        row.retest,
        row.id,
      ).changes === 1,
  };
};

export type HotStatements = ReturnType<typeof makeHotStatements>;
