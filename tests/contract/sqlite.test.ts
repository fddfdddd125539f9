import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Layer } from "effect";
import { afterAll } from "vitest";
import { defaultMigrationsDir, openDatabase } from "../../server/infrastructure/adapters/sqlite/database.ts";
import { SqliteDatabaseLive } from "../../server/infrastructure/adapters/sqlite/sqlite-database.ts";
import { SqliteTestRunRepositoryLive } from "../../server/infrastructure/adapters/sqlite/sqlite-test-run-repository.ts";
import { repositoryContract } from "./test-run-repository-contract.ts";

const dir = mkdtempSync(join(tmpdir(), "medi-test-contract-"));
const migrationsDir = defaultMigrationsDir();
let template: string | undefined;
let stores = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * An empty, migrated database, made once: each case starts from a copy of it (migrating costs
 * about 100 ms a database, a copy about 5).
 */
const emptyDatabase = (): string => {
  if (template === undefined) {
    template = join(dir, "empty.db");
    openDatabase({ file: template, synchronous: "FULL", migrationsDir }).$client.close();
  }
  return template;
};

/** Each case gets its own database file, opened as in production (synchronous FULL). */
repositoryContract("SQLite", async () => {
  stores += 1;
  const file = join(dir, `store-${stores}.db`);
  copyFileSync(emptyDatabase(), file);
  const database = SqliteDatabaseLive({ file, synchronous: "FULL", migrationsDir });
  return {
    layer: SqliteTestRunRepositoryLive.pipe(Layer.provide(database)),
    close: async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
    },
  };
});
