import { Context, Effect, Layer } from "effect";
import { type Db, openDatabase, type SqliteOptions } from "./database.ts";

/** The open lab database; closed when the layer's scope closes. */
export class SqliteDatabase extends Context.Service<SqliteDatabase, Db>()("medi-test/SqliteDatabase") {}

export const SqliteDatabaseLive = (options: SqliteOptions) =>
  Layer.effect(
    SqliteDatabase,
    Effect.acquireRelease(
      Effect.sync(() => openDatabase(options)),
      (db) => Effect.sync(() => db.$client.close()),
    ),
  );
