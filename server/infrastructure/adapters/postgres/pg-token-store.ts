import { Effect, Layer } from "effect";
import type pg from "pg";
import { type TokenInfo, TokenStore } from "../../../application/ports/token-store.ts";
import { NotFound } from "../../../domain/errors.ts";
import type { TokenKind } from "../../../domain/actor-name.ts";
import type { Role } from "../../../domain/requests.ts";
import { PostgresDatabase } from "./pg-services.ts";

interface TokenRowPg {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: TokenInfo["kind"];
  readonly created_at: string;
  readonly revoked_at: string | null;
}

const columns = "id, name, role, kind, created_at, revoked_at";

const toInfo = (row: TokenRowPg): TokenInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  kind: row.kind,
  createdAt: new Date(Number(row.created_at)).toISOString(),
  revokedAt: row.revoked_at === null ? null : new Date(Number(row.revoked_at)).toISOString(),
});

/**
 * Tokens, the lab PIN hash and settings on PostgreSQL, shared by every instance: a token issued
 * or revoked through one instance holds on all of them at once (each request checks the table).
 * Single statements, each atomic on its own; no event log involved.
 */
export const makePgTokenStore = (pool: pg.Pool) => {
  const run = <A>(work: () => Promise<A>): Effect.Effect<A> => Effect.promise(work);
  return TokenStore.of({
    insert: (record) =>
      run(async () => {
        const result = await pool.query<TokenRowPg>(
          `INSERT INTO tokens (id, name, role, kind, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${columns}`,
          [record.id, record.name, record.role, record.kind, record.hash, record.now],
        );
        return toInfo(result.rows[0] as TokenRowPg);
      }),
    findActiveByHash: (hash) =>
      run(async () => {
        const result = await pool.query<{ id: string; name: string; role: Role; kind: TokenKind }>(
          "SELECT id, name, role, kind FROM tokens WHERE hash = $1 AND revoked_at IS NULL",
          [hash],
        );
        const row = result.rows[0];
        return row === undefined ? undefined : { tokenId: row.id, name: row.name, role: row.role, kind: row.kind };
      }),
    revoke: (id, now) =>
      run(() =>
        // Revoking twice keeps the first revocation time.
        pool.query<TokenRowPg>(
          `UPDATE tokens SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1 RETURNING ${columns}`,
          [id, now],
        ),
      ).pipe(
        Effect.flatMap((result) => {
          const row = result.rows[0];
          return row === undefined ? Effect.fail(new NotFound({ entity: "token", id })) : Effect.succeed(toInfo(row));
        }),
      ),
    revokeKind: (kind, now) =>
      run(
        async () =>
          (await pool.query("UPDATE tokens SET revoked_at = $2 WHERE kind = $1 AND revoked_at IS NULL", [kind, now]))
            .rowCount ?? 0,
      ),
    list: run(async () =>
      (await pool.query<TokenRowPg>(`SELECT ${columns} FROM tokens ORDER BY created_at DESC`)).rows.map(toInfo),
    ),
    getSetting: (key) =>
      run(
        async () =>
          (await pool.query<{ value: string }>("SELECT value FROM settings WHERE key = $1", [key])).rows[0]?.value,
      ),
    putSetting: (key, value) =>
      run(async () => {
        await pool.query(
          "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          [key, value],
        );
      }),
  });
};

export const PgTokenStoreLive = Layer.effect(
  TokenStore,
  Effect.gen(function* () {
    return makePgTokenStore((yield* PostgresDatabase).$client);
  }),
);
