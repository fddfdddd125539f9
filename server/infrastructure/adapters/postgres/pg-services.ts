import { Context, Effect, Layer } from "effect";
import { openPostgres, type PgDb, type PostgresOptions } from "./pg-database.ts";
import { makePgWriter, type PgWriter } from "./pg-writer.ts";

/** The lab database on PostgreSQL (a pool); closed when the layer's scope closes. */
export class PostgresDatabase extends Context.Service<PostgresDatabase, PgDb>()("medi-test/PostgresDatabase") {}

/** This instance's writer: group commit, one group at a time, seq in commit order. */
export class PostgresWriter extends Context.Service<PostgresWriter, PgWriter>()("medi-test/PostgresWriter") {}

const openLayer = (options: PostgresOptions) =>
  Layer.effect(
    PostgresDatabase,
    Effect.acquireRelease(
      Effect.promise(() => openPostgres(options)),
      (db) => Effect.promise(() => db.$client.end()),
    ),
  );

const writerLayer = Layer.effect(
  PostgresWriter,
  Effect.gen(function* () {
    const db = yield* PostgresDatabase;
    const context = yield* Effect.context<never>();
    const log = (message: string) => (thrown: unknown) => Effect.runForkWith(context)(Effect.logError(message, thrown));
    db.$client.removeAllListeners("error");
    db.$client.on("error", log("a PostgreSQL connection failed; the pool replaces it"));
    return makePgWriter(db.$client, {
      onPublishFailure: log("delivering committed events failed; streams catch up from the log"),
    });
  }),
);

/** The database and its writer, opened together. */
export const PostgresDatabaseLive = (options: PostgresOptions) => Layer.provideMerge(writerLayer, openLayer(options));
