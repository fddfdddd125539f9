import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

/**
 * Written into every medi-test database's header (`PRAGMA application_id`, "MTDB"), so a file
 * tells what it is before anything in it is trusted.
 */
export const mediTestApplicationId = 0x4d544442;

const migrationsTable = "__drizzle_migrations";

export type DatabaseIdentity =
  /** No tables yet: a new database. */
  | { readonly kind: "empty" }
  /** Ours; `stamped` is false for databases made before the application id was written. */
  | { readonly kind: "medi-test"; readonly stamped: boolean }
  /** Ours, with migrations this version does not know. */
  | { readonly kind: "newer"; readonly unknownMigrations: number }
  | { readonly kind: "foreign"; readonly reason: string };

/** When each migration this version ships was made (drizzle records it per applied migration). */
export const knownMigrations = (migrationsDir: string): ReadonlyArray<number> =>
  readMigrationFiles({ migrationsFolder: migrationsDir }).map((m) => m.folderMillis);

const hex = (id: number): string => `0x${(id >>> 0).toString(16).padStart(8, "0")}`;

/**
 * What a database file holds, read without writing to it. `known` is `knownMigrations(...)`.
 * Throws what SQLite throws for a file that is not a database at all.
 */
export const identifyDatabase = (client: Database.Database, known: ReadonlyArray<number>): DatabaseIdentity => {
  const applicationId = Number(client.pragma("application_id", { simple: true }));
  const tables = client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    .pluck()
    .all()
    .map(String);
  const stamped = applicationId === mediTestApplicationId;
  if (applicationId !== 0 && !stamped) {
    return {
      kind: "foreign",
      reason: `its application id is ${hex(applicationId)}, not medi-test's ${hex(mediTestApplicationId)}`,
    };
  }
  const applied = tables.includes(migrationsTable)
    ? client.prepare(`SELECT created_at FROM "${migrationsTable}" ORDER BY created_at`).pluck().all().map(Number)
    : undefined;
  return classifyDatabase({ tables, applied, known, stamped });
};

/**
 * What a database holds, from its table names (`__drizzle_migrations` included), the migrations
 * it records as applied (undefined without that table, oldest first) and the ones this version
 * ships. `stamped`: the database says it is medi-test's by other means (SQLite's application id).
 */
export const classifyDatabase = (found: {
  readonly tables: ReadonlyArray<string>;
  readonly applied: ReadonlyArray<number> | undefined;
  readonly known: ReadonlyArray<number>;
  readonly stamped: boolean;
}): DatabaseIdentity => {
  const { tables, applied, known, stamped } = found;
  const others = tables.filter((name) => name !== migrationsTable);
  if (applied === undefined || applied.length === 0) {
    return others.length === 0
      ? { kind: "empty" }
      : { kind: "foreign", reason: "it has tables but no medi-test migration record" };
  }
  const knownSet = new Set(known);
  const newest = Math.max(...known);
  const unknown = applied.filter((at) => !knownSet.has(at));
  // Before the application id existed, a database is ours if its first migration is our first.
  if (!stamped && applied[0] !== known[0])
    return { kind: "foreign", reason: "its migration record is not medi-test's" };
  if (unknown.length === 0) return { kind: "medi-test", stamped };
  if (unknown.every((at) => at > newest)) return { kind: "newer", unknownMigrations: unknown.length };
  return { kind: "foreign", reason: "its migration record is not medi-test's" };
};

/** The one-line reason a server or a restore gives for not using `file`, or undefined when it may. */
export const refusalFor = (file: string, identity: DatabaseIdentity): string | undefined => {
  if (identity.kind === "foreign") return `${file} is not a medi-test database (${identity.reason})`;
  if (identity.kind === "newer") {
    return `${file} was written by a newer version of medi-test (${identity.unknownMigrations} database change(s) this version does not know): run that version, or restore a backup made by this one`;
  }
  return undefined;
};
