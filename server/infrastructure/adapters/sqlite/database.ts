import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DataDirRefusal } from "../../data-dir-refusal.ts";
import {
  type DatabaseIdentity,
  identifyDatabase,
  knownMigrations,
  mediTestApplicationId,
  refusalFor,
} from "./database-identity.ts";
import * as schema from "./schema.ts";

export type Db = BetterSQLite3Database<typeof schema> & { readonly $client: Database.Database };

export interface SqliteOptions {
  readonly file: string;
  readonly synchronous: "FULL" | "NORMAL";
  readonly migrationsDir: string;
}

/** Finds resources/migrations from the source tree or from a bundle in out/main. */
export const defaultMigrationsDir = (): string => {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    resolve(here, "../../../../resources/migrations"),
    resolve(here, "../../resources/migrations"),
    resolve(process.cwd(), "resources/migrations"),
  ];
  return (
    candidates.find((dir) => existsSync(join(dir, "meta", "_journal.json"))) ?? candidates[0] ?? "resources/migrations"
  );
};

/**
 * Refuses (DataDirRefusal) a file that is not a medi-test database or comes from a newer version,
 * before anything is written to it; stamps a new or older medi-test database with the id.
 */
const checkIdentity = (client: Database.Database, options: SqliteOptions): void => {
  let identity: DatabaseIdentity;
  try {
    identity = identifyDatabase(client, knownMigrations(options.migrationsDir));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
      throw new DataDirRefusal(
        `${options.file} is not a medi-test database (SQLite cannot read it: ${(error as Error).message})`,
      );
    }
    throw error;
  }
  const refusal = refusalFor(options.file, identity);
  if (refusal !== undefined) throw new DataDirRefusal(refusal);
  if (identity.kind === "empty" || (identity.kind === "medi-test" && !identity.stamped))
    client.pragma(`application_id = ${mediTestApplicationId}`);
};

/** Opens (creating if needed) the lab database, applies pending migrations, sets durability. */
export const openDatabase = (options: SqliteOptions): Db => {
  const client = new Database(options.file);
  try {
    client.pragma("busy_timeout = 5000");
    checkIdentity(client, options);
    client.pragma("journal_mode = WAL");
    client.pragma(`synchronous = ${options.synchronous}`);
    client.pragma("foreign_keys = ON");
    // 64 MiB of page cache (the default is 2 MiB): a wall snapshot of a big lab reads its indexes
    // from memory, not from the OS one page at a time.
    client.pragma("cache_size = -65536");
    const db = drizzle({ client, schema });
    migrate(db, { migrationsFolder: options.migrationsDir });
    return db;
  } catch (error) {
    client.close();
    throw error;
  }
};
