import type { Role } from "../../../domain/requests.ts";
import type { TokenKind } from "../../../domain/actor-name.ts";
import type { Db } from "./database.ts";
import type { ItemRow, RunRow } from "./row-mappers.ts";

/** A run as SQLite returns it: the labels still JSON text. */
type StoredRun = Omit<RunRow, "labels"> & { readonly labels: string };

/** What a token check needs of an active token. */
export interface ActiveTokenRow {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: TokenKind;
}

// Columns named as the rows' fields: better-sqlite3 returns each row as the plain object the
// write model uses, with no mapping step (drizzle's prepared queries still map every column).
const runColumns =
  "id, name, description, labels, status, created_at AS createdAt, started_at AS startedAt, completed_at AS completedAt, updated_at AS updatedAt, version, next_position AS nextPosition, total, untested, passed, failed, blocked, skipped, retest";
const itemColumns =
  "id, run_id AS runId, key, title, section, position, status, assignee, note, duration_ms AS durationMs, updated_at AS updatedAt, updated_by AS updatedBy, version";

/**
 * The statements every result (and every stream open, every authenticated request) runs,
 * prepared once on the SQLite connection itself. Building a drizzle query and preparing it in
 * SQLite on every call cost about half a millisecond per result recorded — more than the commit
 * itself; drizzle's row mapping on top of a prepared query was most of what remained.
 */
export const makeHotStatements = (db: Db) => {
  const client = db.$client;
  const runById = client.prepare<[string], StoredRun>(`SELECT ${runColumns} FROM runs WHERE id = ?`);
  const itemInRun = client.prepare<[string, string], ItemRow>(
    `SELECT ${itemColumns} FROM items WHERE id = ? AND run_id = ?`,
  );
  const itemsOfRun = client.prepare<[string], ItemRow>(
    `SELECT ${itemColumns} FROM items WHERE run_id = ? ORDER BY position`,
  );
  const activeToken = client.prepare<[string], ActiveTokenRow>(
    "SELECT id, name, role, kind FROM tokens WHERE hash = ? AND revoked_at IS NULL",
  );
  const insertItem = client.prepare<
    [
      string,
      string,
      string | null,
      string,
      string,
      number,
      string,
      string | null,
      string | null,
      number | null,
      number,
      string | null,
      number,
    ]
  >(
    "INSERT INTO items (id, run_id, key, title, section, position, status, assignee, note, duration_ms, updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
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
    run: (id: string): RunRow | undefined => {
      const row = runById.get(id);
      return row === undefined ? undefined : { ...row, labels: JSON.parse(row.labels) as RunRow["labels"] };
    },
    item: (id: string, runId: string): ItemRow | undefined => itemInRun.get(id, runId),
    /** A run's items in position order. */
    items: (runId: string): ItemRow[] => itemsOfRun.all(runId),
    activeToken: (hash: string): ActiveTokenRow | undefined => activeToken.get(hash),
    insertItem: (row: ItemRow): void => {
      insertItem.run(
        row.id,
        row.runId,
        row.key,
        row.title,
        row.section,
        row.position,
        row.status,
        row.assignee,
        row.note,
        row.durationMs,
        row.updatedAt,
        row.updatedBy,
        row.version,
      );
    },
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
