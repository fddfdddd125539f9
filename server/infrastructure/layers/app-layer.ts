import { Effect, Layer } from "effect";
import { AuthSettings } from "../../application/ports/auth-settings.ts";
import { SqliteDatabaseLive } from "../adapters/sqlite/sqlite-database.ts";
import { SqliteTestRunRepositoryLive } from "../adapters/sqlite/sqlite-test-run-repository.ts";
import { SqliteTokenStoreLive } from "../adapters/sqlite/sqlite-token-store.ts";
import { SqliteBackupsLive } from "../adapters/sqlite/sqlite-backups.ts";
import { MemoryHubLive, MemorySseBroadcasterLive } from "../adapters/memory-hub/memory-sse-broadcaster.ts";
import { PgEventLogReaderLive } from "../adapters/postgres/pg-event-log-reader.ts";
import { checkRedisReachable } from "../adapters/redis/redis-reachable.ts";
import { defaultFanoutChannel, RedisFanoutLive } from "../adapters/redis/redis-fanout.ts";
import { PollingFanoutLive } from "../adapters/relay/polling-fanout.ts";
import { FileLabPinNoteLive } from "../adapters/system/file-lab-pin-note.ts";
import { NodeSecretsLive } from "../adapters/system/node-secrets.ts";
import { SystemClockLive } from "../adapters/system/system-clock.ts";
import { UlidGeneratorLive } from "../adapters/system/ulid-generator.ts";
import { defaultMigrationsDir } from "../adapters/sqlite/database.ts";
import type { Clock } from "../../application/ports/clock.ts";
import { PgBackupsLive } from "../adapters/postgres/pg-backups.ts";
import { defaultPgMigrationsDir } from "../adapters/postgres/pg-database.ts";
import { PostgresDatabaseLive } from "../adapters/postgres/pg-services.ts";
import { PgTestRunRepositoryLive } from "../adapters/postgres/pg-test-run-repository.ts";
import { PgTokenStoreLive } from "../adapters/postgres/pg-token-store.ts";
import { withTokenCache } from "../adapters/token-cache/cached-token-store.ts";

export interface EmbeddedOptions {
  /** The SQLite file. */
  readonly databaseFile: string;
  readonly synchronous: "FULL" | "NORMAL";
  readonly migrationsDir?: string;
  readonly adminTokenHash: string | undefined;
  readonly requireReadToken: boolean;
  readonly backupsDir: string;
  readonly backupKeep: number;
  /** The owner-only note of the current lab PIN (`<data-dir>/lab-pin`). */
  readonly labPinFile: string;
  /** Replaces the system clock (tests, simulations). */
  readonly clock?: Layer.Layer<Clock>;
}

export interface SharedStorageOptions {
  readonly url: string;
  readonly poolSize: number;
  readonly migrationsDir?: string;
  /** Redis between the instances; without it each instance reads the others' events from the log every second. */
  readonly redisUrl?: string;
}

/**
 * Everything one lab server needs: storage (the SQLite file, or PostgreSQL shared by several
 * instances when `shared` is given) and the in-process hub. Built once per process into a
 * ManagedRuntime, so every request meets the same hub.
 */
export const EmbeddedLayer = (options: EmbeddedOptions & { readonly shared?: SharedStorageOptions }) => {
  const clock = options.clock ?? SystemClockLive;
  const { storage, hub } =
    options.shared === undefined
      ? {
          storage: sqliteStorage(options, clock).pipe(Layer.provide(MemorySseBroadcasterLive)),
          hub: MemorySseBroadcasterLive,
        }
      : postgresStorage(options.shared);
  const auth = Layer.succeed(AuthSettings, {
    adminTokenHash: options.adminTokenHash,
    requireReadToken: options.requireReadToken,
  });
  return Layer.mergeAll(
    storage,
    hub,
    NodeSecretsLive,
    FileLabPinNoteLive(options.labPinFile),
    auth,
    UlidGeneratorLive.pipe(Layer.provide(clock)),
    clock,
  );
};

const sqliteStorage = (options: EmbeddedOptions, clock: Layer.Layer<Clock>) =>
  Layer.mergeAll(
    SqliteTestRunRepositoryLive,
    withTokenCache(SqliteTokenStoreLive),
    SqliteBackupsLive(options.backupsDir, options.backupKeep).pipe(Layer.provide(clock)),
  ).pipe(
    Layer.provide(
      SqliteDatabaseLive({
        file: options.databaseFile,
        synchronous: options.synchronous,
        migrationsDir: options.migrationsDir ?? defaultMigrationsDir(),
      }),
    ),
  );

/**
 * The Redis channel of one shared log: named after the database (host, port and name, never the
 * credentials), so labs with their own databases can share one Redis without hearing each other.
 */
export const fanoutChannel = (databaseUrl: string): string => {
  const url = new URL(databaseUrl);
  return `${defaultFanoutChannel}:${url.hostname}:${url.port === "" ? "5432" : url.port}${url.pathname}`;
};

/**
 * One of several instances: PostgreSQL shared by all, the hub fed by this instance's relay, which
 * gets the others' events over Redis (or from the log every second without it). The pool and the
 * hub are each built once and shared by everything that needs them.
 */
const postgresStorage = (shared: SharedStorageOptions) => {
  const database = PostgresDatabaseLive({
    url: shared.url,
    poolSize: shared.poolSize,
    migrationsDir: shared.migrationsDir ?? defaultPgMigrationsDir(),
  });
  const hub = MemoryHubLive;
  const fanout = (
    shared.redisUrl === undefined
      ? PollingFanoutLive()
      : Layer.unwrap(
          Effect.as(
            checkRedisReachable(shared.redisUrl),
            RedisFanoutLive({ url: shared.redisUrl, channel: fanoutChannel(shared.url) }),
          ),
        )
  ).pipe(Layer.provide(PgEventLogReaderLive), Layer.provide(hub), Layer.provide(database));
  const storage = Layer.mergeAll(PgTestRunRepositoryLive, withTokenCache(PgTokenStoreLive), PgBackupsLive).pipe(
    Layer.provide(fanout),
    Layer.provide(database),
  );
  return { storage, hub };
};
