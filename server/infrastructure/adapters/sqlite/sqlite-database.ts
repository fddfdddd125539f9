import { Context, Effect, Layer } from "effect";
import { type Db, openDatabase, type SqliteOptions } from "./database.ts";
import { type GroupCommitter, makeGroupCommitter } from "./group-commit.ts";

/** The open lab database; closed when the layer's scope closes. */
export class SqliteDatabase extends Context.Service<SqliteDatabase, Db>()("medi-test/SqliteDatabase") {}

/** The one writer of the lab database: every write goes through its group commit. */
export class SqliteWriter extends Context.Service<SqliteWriter, GroupCommitter>()("medi-test/SqliteWriter") {}

const openLayer = (options: SqliteOptions) =>
  Layer.effect(
    SqliteDatabase,
    Effect.acquireRelease(
      Effect.sync(() => openDatabase(options)),
      (db) => Effect.sync(() => db.$client.close()),
    ),
  );

const writerLayer = Layer.effect(
  SqliteWriter,
  Effect.gen(function* () {
    const db = yield* SqliteDatabase;
    const context = yield* Effect.context<never>();
    return makeGroupCommitter(db.$client, {
      onPublishFailure: (thrown) =>
        Effect.runForkWith(context)(
          Effect.logError("delivering committed events failed; streams catch up from the log", thrown),
        ),
    });
  }),
);

/** The database and its writer, opened together. */
export const SqliteDatabaseLive = (options: SqliteOptions) => Layer.provideMerge(writerLayer, openLayer(options));
