import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ItemStatus } from "../../../domain/test-item.ts";
import type { RunStatus } from "../../../domain/test-run.ts";
import type { Role } from "../../../domain/requests.ts";

/** Times are integer milliseconds since the epoch (server time). */

export const runs = sqliteTable(
  "runs",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    labels: text("labels", { mode: "json" }).$type<Record<string, string>>().notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    createdAt: integer("created_at").notNull(),
    startedAt: integer("started_at"),
    completedAt: integer("completed_at"),
    updatedAt: integer("updated_at").notNull(),
    version: integer("version").notNull(),
    nextPosition: integer("next_position").notNull().default(0),
    // Counts kept in the same transaction as every item change, so boards never count rows.
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

export const items = sqliteTable(
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
    updatedAt: integer("updated_at").notNull(),
    updatedBy: text("updated_by"),
    version: integer("version").notNull(),
  },
  (t) => [
    index("items_run_position_idx").on(t.runId, t.position),
    // What a wall reads of a run without reading its items: the newest results (testers, progress,
    // last activity), the newest failures (covering: no table lookups) and who holds open items.
    index("items_run_updated_idx").on(t.runId, t.updatedAt, t.status, t.updatedBy),
    index("items_failed_idx")
      .on(t.runId, t.updatedAt, t.id, t.title, t.section, t.updatedBy)
      .where(sql`${t.status} = 'failed'`),
    index("items_assigned_idx").on(t.runId, t.assignee, t.updatedAt).where(sql`${t.assignee} IS NOT NULL`),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: text("id").primaryKey(),
    runId: text("run_id")
      .notNull()
      .references(() => runs.id, { onDelete: "cascade" }),
    itemId: text("item_id"),
    author: text("author").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("comments_run_idx").on(t.runId, t.createdAt)],
);

/** The event log: the SSE replay source and the audit trail. Kept when a run is deleted. */
export const events = sqliteTable(
  "events",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    runId: text("run_id").notNull(),
    type: text("type").notNull(),
    itemId: text("item_id"),
    data: text("data").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("events_run_seq_idx").on(t.runId, t.seq)],
);

export const tokens = sqliteTable(
  "tokens",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    kind: text("kind").$type<"issued" | "session" | "bootstrap">().notNull(),
    hash: text("hash").notNull(),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("tokens_hash_idx").on(t.hash)],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
