import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { Role } from "../../../domain/requests.ts";
import type { ItemStatus } from "../../../domain/test-item.ts";
import type { RunStatus } from "../../../domain/test-run.ts";

/**
 * The PostgreSQL twin of the SQLite schema (../sqlite/schema.ts): same tables, columns and
 * indexes. Times are milliseconds since the epoch in bigint columns read as JS numbers.
 */
const ms = (name: string) => bigint(name, { mode: "number" });

export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    labels: jsonb("labels").$type<Record<string, string>>().notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    createdAt: ms("created_at").notNull(),
    startedAt: ms("started_at"),
    completedAt: ms("completed_at"),
    updatedAt: ms("updated_at").notNull(),
    version: integer("version").notNull(),
    nextPosition: integer("next_position").notNull().default(0),
    total: integer("total").notNull().default(0),
    untested: integer("untested").notNull().default(0),
    passed: integer("passed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    blocked: integer("blocked").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    retest: integer("retest").notNull().default(0),
  },
  (t) => [index("runs_status_idx").on(t.status, t.updatedAt)],
);

export const items = pgTable(
  "items",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    key: text("key"),
    title: text("title").notNull(),
    section: text("section").notNull(),
    position: integer("position").notNull(),
    status: text("status").$type<ItemStatus>().notNull(),
    assignee: text("assignee"),
    note: text("note"),
    durationMs: integer("duration_ms"),
    updatedAt: ms("updated_at").notNull(),
    updatedBy: text("updated_by"),
    version: integer("version").notNull(),
  },
  (t) => [
    index("items_run_position_idx").on(t.runId, t.position),
    index("items_run_updated_idx").on(t.runId, t.updatedAt, t.status, t.updatedBy),
    index("items_failed_idx")
      .on(t.runId, t.updatedAt, t.id, t.title, t.section, t.updatedBy)
      .where(sql`${t.status} = 'failed'`),
    index("items_assigned_idx").on(t.runId, t.assignee, t.updatedAt).where(sql`${t.assignee} IS NOT NULL`),
  ],
);

export const comments = pgTable(
  "comments",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    itemId: text("item_id"),
    author: text("author").notNull(),
    body: text("body").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("comments_run_idx").on(t.runId, t.createdAt)],
);

/**
 * The event log. `seq` is given by the writer from `event_seq` (below), not by a sequence: a
 * sequence hands out numbers in call order, not commit order, and leaves gaps on rollback.
 */
export const events = pgTable(
  "events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    runId: text("run_id").notNull(),
    type: text("type").notNull(),
    itemId: text("item_id"),
    data: text("data").notNull(),
    at: ms("at").notNull(),
  },
  (t) => [index("events_run_seq_idx").on(t.runId, t.seq)],
);

/**
 * One row: the highest seq ever written. Every write transaction locks it first and raises it as
 * it appends, so writers on every instance commit one after another, in seq order, gap-free.
 */
export const eventSeq = pgTable("event_seq", {
  id: integer("id").primaryKey(),
  value: bigint("value", { mode: "number" }).notNull(),
});

export const tokens = pgTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    kind: text("kind").$type<"issued" | "session" | "bootstrap">().notNull(),
    hash: text("hash").notNull(),
    createdAt: ms("created_at").notNull(),
    revokedAt: ms("revoked_at"),
  },
  (t) => [uniqueIndex("tokens_hash_idx").on(t.hash)],
);

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
