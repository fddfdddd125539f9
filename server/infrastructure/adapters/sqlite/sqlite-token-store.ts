import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { Effect, Layer } from "effect";
import { type TokenInfo, TokenStore } from "../../../application/ports/token-store.ts";
import { NotFound } from "../../../domain/errors.ts";
import { iso } from "./row-mappers.ts";
import * as schema from "./schema.ts";
import { SqliteDatabase, SqliteWriter } from "./sqlite-database.ts";
import type { GroupCommitter } from "./group-commit.ts";
import type { Db } from "./database.ts";
import { makeHotStatements } from "./hot-statements.ts";
import { abort, read, transact } from "./transaction.ts";

type TokenRow = typeof schema.tokens.$inferSelect;

const toInfo = (row: TokenRow): TokenInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  kind: row.kind,
  createdAt: iso(row.createdAt),
  revokedAt: row.revokedAt === null ? null : iso(row.revokedAt),
});

export const makeSqliteTokenStore = (db: Db, writer: GroupCommitter) => {
  const hot = makeHotStatements(db);
  return TokenStore.of({
    insert: (record) =>
      transact<TokenInfo, never>(writer, () =>
        toInfo(
          db
            .insert(schema.tokens)
            .values({
              id: record.id,
              name: record.name,
              role: record.role,
              kind: record.kind,
              hash: record.hash,
              createdAt: record.now,
            })
            .returning()
            .get(),
        ),
      ),
    // Asked whenever the token cache misses: one prepared statement, atomic on its own.
    findActiveByHash: (hash) =>
      Effect.sync(() => {
        const row = hot.activeToken(hash);
        return row === undefined ? undefined : { tokenId: row.id, name: row.name, role: row.role, kind: row.kind };
      }),
    revoke: (id, now) =>
      transact(writer, () => {
        const row =
          // Revoking twice keeps the first revocation time.
          db
            .update(schema.tokens)
            .set({ revokedAt: sql`coalesce(${schema.tokens.revokedAt}, ${now})` })
            .where(eq(schema.tokens.id, id))
            .returning()
            .get() ?? abort(new NotFound({ entity: "token", id }));
        return toInfo(row);
      }),
    revokeKind: (kind, now) =>
      transact<number, never>(
        writer,
        () =>
          db
            .update(schema.tokens)
            .set({ revokedAt: now })
            .where(and(eq(schema.tokens.kind, kind), isNull(schema.tokens.revokedAt)))
            .run().changes,
      ),
    list: read(db, () => db.select().from(schema.tokens).orderBy(desc(schema.tokens.createdAt)).all().map(toInfo)),
    getSetting: (key) =>
      read(db, () => db.select().from(schema.settings).where(eq(schema.settings.key, key)).get()?.value),
    putSetting: (key, value) =>
      transact<void, never>(writer, () => {
        db.insert(schema.settings)
          .values({ key, value })
          .onConflictDoUpdate({ target: schema.settings.key, set: { value } })
          .run();
      }),
  });
};

export const SqliteTokenStoreLive = Layer.effect(
  TokenStore,
  Effect.gen(function* () {
    return makeSqliteTokenStore(yield* SqliteDatabase, yield* SqliteWriter);
  }),
);
