import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { DataDirRefusal } from "../../data-dir-refusal.ts";
import { classifyDatabase, knownMigrations, refusalFor } from "../sqlite/database-identity.ts";
import * as schema from "./schema.ts";

export type PgDb = NodePgDatabase<typeof schema> & { readonly $client: pg.Pool };

export interface PostgresOptions {
  /** postgres://user:password@host:port/database */
  readonly url: string;
  readonly migrationsDir: string;
  /** Connections this instance keeps (reads run in parallel; writes take one at a time). */
  readonly poolSize: number;
}

/** Finds resources/migrations-pg from the source tree or from a bundle in out/main. */
export const defaultPgMigrationsDir = (): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, "../../../../resources/migrations-pg"),
    resolve(here, "../../resources/migrations-pg"),
    resolve(process.cwd(), "resources/migrations-pg"),
  ];
  return (
    candidates.find((dir) => existsSync(join(dir, "meta", "_journal.json"))) ??
    candidates[0] ??
    "resources/migrations-pg"
  );
};

/** The URL without its password, for messages. */
export const safeUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    parsed.password = parsed.password === "" ? "" : "***";
    return parsed.toString();
  } catch {
    return "(an unreadable database URL)";
  }
};

/** Every instance migrates under this lock, so two starting together do not race. */
const migrationLock = 0x4d544442;

const identify = async (client: pg.PoolClient, migrationsDir: string, label: string): Promise<void> => {
  const tables = (
    await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
  ).rows.map((row) => row.name);
  const applied = tables.includes("__drizzle_migrations")
    ? (
        await client.query<{ created_at: string }>(
          'SELECT created_at FROM public."__drizzle_migrations" ORDER BY created_at',
        )
      ).rows.map((row) => Number(row.created_at))
    : undefined;
  const identity = classifyDatabase({ tables, applied, known: knownMigrations(migrationsDir), stamped: false });
  const refusal = refusalFor(label, identity);
  if (refusal !== undefined) throw new DataDirRefusal(refusal);
};

/**
 * Connects, refuses a database that is not medi-test's or comes from a newer version, applies
 * pending migrations (under an advisory lock: instances may start together) and returns the
 * pool. An unreachable server is a DataDirRefusal with one line saying so.
 */
export const openPostgres = async (options: PostgresOptions): Promise<PgDb> => {
  const label = `the database at ${safeUrl(options.url)}`;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    connectionTimeoutMillis: 5_000,
    application_name: "medi-test",
  });
  // An idle connection that breaks (server restart) is dropped by the pool; without a listener
  // its error would end the process. The layer (pg-services.ts) adds one that logs it; until
  // then, during start-up, the error surfaces through the query that meets it.
  const quietUntilLogged = (): void => undefined;
  pool.on("error", quietUntilLogged);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end();
    throw new DataDirRefusal(`cannot reach ${label}: ${(error as Error).message}`);
  }
  try {
    await client.query("SELECT pg_advisory_lock($1)", [migrationLock]);
    try {
      await identify(client, options.migrationsDir, label);
      await migrate(drizzle({ client }), {
        migrationsFolder: options.migrationsDir,
        migrationsSchema: "public",
        migrationsTable: "__drizzle_migrations",
      });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [migrationLock]);
    }
  } catch (error) {
    client.release();
    await pool.end();
    throw error;
  }
  client.release();
  return drizzle({ client: pool, schema });
};
