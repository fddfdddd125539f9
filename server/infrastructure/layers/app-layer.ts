import { Layer } from "effect";
import { AuthSettings } from "../../application/ports/auth-settings.ts";
import { SqliteDatabaseLive } from "../adapters/sqlite/sqlite-database.ts";
import { SqliteTestRunRepositoryLive } from "../adapters/sqlite/sqlite-test-run-repository.ts";
import { SqliteTokenStoreLive } from "../adapters/sqlite/sqlite-token-store.ts";
import { SqliteBackupsLive } from "../adapters/sqlite/sqlite-backups.ts";
import { MemorySseBroadcasterLive } from "../adapters/memory-hub/memory-sse-broadcaster.ts";
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
}

/**
 * Everything one lab server needs: storage (the SQLite file, or PostgreSQL shared by several
 * instances when `shared` is given) and the in-process hub. Built once per process into a
 * ManagedRuntime, so every request meets the same hub.
 */
export const EmbeddedLayer = (options: EmbeddedOptions & { readonly shared?: SharedStorageOptions }) => {
  const clock = options.clock ?? SystemClockLive;
  const hub = MemorySseBroadcasterLive;
  const storage = (options.shared === undefined ? sqliteStorage(options, clock) : postgresStorage(options.shared)).pipe(
    Layer.provide(hub),
  );
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
    SqliteTokenStoreLive,
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

const postgresStorage = (shared: SharedStorageOptions) =>
  Layer.mergeAll(PgTestRunRepositoryLive, PgTokenStoreLive, PgBackupsLive).pipe(
    Layer.provide(
      PostgresDatabaseLive({
        url: shared.url,
        poolSize: shared.poolSize,
        migrationsDir: shared.migrationsDir ?? defaultPgMigrationsDir(),
      }),
    ),
  );
