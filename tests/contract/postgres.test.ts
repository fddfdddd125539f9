import { Layer } from "effect";
import pg from "pg";
import { afterAll } from "vitest";
import { defaultPgMigrationsDir, openPostgres } from "../../server/infrastructure/adapters/postgres/pg-database.ts";
import { PostgresDatabaseLive } from "../../server/infrastructure/adapters/postgres/pg-services.ts";
import { PgTestRunRepositoryLive } from "../../server/infrastructure/adapters/postgres/pg-test-run-repository.ts";
import { createTestDatabase, pgAdminUrl, type TestDatabase } from "../support/postgres.ts";
import { repositoryContract } from "./test-run-repository-contract.ts";

const migrationsDir = defaultPgMigrationsDir();
let template: TestDatabase | undefined;
let stores = 0;

afterAll(async () => {
  await template?.drop();
});

/** An empty, migrated database, made once: each case starts from a copy (CREATE DATABASE … TEMPLATE). */
const emptyTemplate = async (): Promise<TestDatabase> => {
  if (template === undefined) {
    template = await createTestDatabase("medi_contract_template");
    const db = await openPostgres({ url: template.url, migrationsDir, poolSize: 2 });
    await db.$client.end();
  }
  return template;
};

const admin = async (sql: string): Promise<void> => {
  const client = new pg.Client({ connectionString: pgAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

/** Each case gets its own database on the test server, opened as in production. */
repositoryContract("PostgreSQL", async () => {
  const source = await emptyTemplate();
  stores += 1;
  const name = `${source.name}_${stores}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE ${source.name}`);
  const url = new URL(source.url);
  url.pathname = `/${name}`;
  const database = PostgresDatabaseLive({ url: url.toString(), migrationsDir, poolSize: 8 });
  return {
    layer: PgTestRunRepositoryLive.pipe(Layer.provide(database)),
    close: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
});
