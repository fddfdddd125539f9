import { Effect, type Layer, ManagedRuntime } from "effect";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { networkInterfaces } from "node:os";
import { createHash } from "node:crypto";
import { bootstrapAuth } from "./application/usecases/manage-tokens.ts";
import { pruneEventLog } from "./application/usecases/list-events.ts";
import { takeBackup } from "./application/usecases/take-backup.ts";
import type { Config } from "./config.ts";
import { buildApp } from "./http/app.ts";
import type { AppRuntime } from "./http/app-runtime.ts";
import type { HttpContext } from "./http/http-context.ts";
import {
  createPrivateFile,
  dataDirPaths,
  type DataDirPaths,
  prepareDataDir,
  readSecretFile,
  secureDataDir,
  writeSecretFile,
} from "./infrastructure/data-dir.ts";
import { lockDataDir } from "./infrastructure/data-dir-lock.ts";
import { EmbeddedLayer } from "./infrastructure/layers/app-layer.ts";
import type { Clock } from "./application/ports/clock.ts";
import { serverVersion } from "./version.ts";

export { serverVersion } from "./version.ts";

export interface StartOptions {
  readonly logger?: FastifyServerOptions["logger"];
  /** Replaces the system clock (tests and simulations). */
  readonly clock?: Layer.Layer<Clock>;
  /**
   * Replaces the clock of the HTTP layer's own timers: the PIN and token throttles, the write rate
   * limit and the snapshot cache (tests drive a block's expiry by hand instead of sleeping).
   */
  readonly now?: () => number;
  /** Where the SQL migrations are (the packaged desktop app ships them outside its archive). */
  readonly migrationsDir?: string;
  /** The built boards (out/renderer), found beside the server when omitted; without an index.html the plain live page. */
  readonly rendererDir?: string;
}

export interface LabServer {
  readonly app: FastifyInstance;
  readonly ctx: HttpContext;
  readonly runtime: AppRuntime;
  readonly paths: DataDirPaths;
  /** http://127.0.0.1:port — for this machine. */
  readonly localUrl: string;
  /** Every URL the lab can use (one per LAN address when bound to all interfaces). */
  readonly urls: ReadonlyArray<string>;
  readonly port: number;
  readonly adminToken: string;
  readonly createdAdminToken: boolean;
  readonly createdPin: string | undefined;
  /** Things the lab lead should know (a data dir that cannot be made private), one line each. */
  readonly warnings: ReadonlyArray<string>;
  /** Ends every stream, stops listening, closes the database. Safe to call twice. */
  readonly close: () => Promise<void>;
}

const lanAddresses = (): string[] =>
  Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((a) => a.family === "IPv4" && !a.internal)
    .map((a) => a.address);

const urlsFor = (host: string, port: number): string[] => {
  if (host === "0.0.0.0" || host === "::")
    return [`http://127.0.0.1:${port}`, ...lanAddresses().map((a) => `http://${a}:${port}`)];
  return [`http://${host.includes(":") ? `[${host}]` : host}:${port}`];
};

/**
 * Starts one lab server: data dir, database and migrations, auth bootstrap, the HTTP app on
 * its port, and the event-log pruning. The headless entry and the desktop app both call this.
 */
export const startLabServer = async (config: Config, options: StartOptions = {}): Promise<LabServer> => {
  const paths = dataDirPaths(config.dataDir);
  const warnings = prepareDataDir(paths);
  // One process per data dir: a second server, or a restore, is refused while this one runs.
  const lock = lockDataDir(paths, "server");
  try {
    return await startLocked(config, options, paths, lock.release, warnings);
  } catch (error) {
    lock.release();
    throw error;
  }
};

const startLocked = async (
  config: Config,
  options: StartOptions,
  paths: DataDirPaths,
  releaseLock: () => void,
  earlyWarnings: ReadonlyArray<string>,
): Promise<LabServer> => {
  const shared =
    config.databaseUrl === undefined
      ? undefined
      : {
          url: config.databaseUrl,
          poolSize: config.databasePoolSize,
          ...(config.redisUrl === undefined ? {} : { redisUrl: config.redisUrl }),
        };
  // On PostgreSQL the data dir keeps only this instance's notes (admin token, PIN note, lock).
  if (shared === undefined) createPrivateFile(paths.database);
  const layer = EmbeddedLayer({
    ...(shared === undefined ? {} : { shared }),
    databaseFile: paths.database,
    synchronous: config.synchronous,
    adminTokenHash:
      config.adminToken === undefined ? undefined : createHash("sha256").update(config.adminToken).digest("hex"),
    requireReadToken: config.requireReadToken,
    backupsDir: paths.backups,
    backupKeep: config.backupKeep,
    labPinFile: paths.labPin,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir }),
  });
  const runtime: AppRuntime = ManagedRuntime.make(layer);
  try {
    const auth = await runtime.runPromise(
      bootstrapAuth({
        existingAdminToken: readSecretFile(paths.adminToken),
        pin: config.pin,
        adminOverride: config.adminToken !== undefined,
      }),
    );
    // The database, its -wal and -shm, the lock and the notes now exist: all owner-only.
    const warnings = [...new Set([...earlyWarnings, ...secureDataDir(paths)])];
    const adminToken = config.adminToken ?? auth.adminToken;
    if (adminToken === undefined) throw new Error("No admin token could be set up");
    if (auth.createdAdminToken) writeSecretFile(paths.adminToken, adminToken);

    let listening: ReadonlyArray<string> = [];
    const { app, ctx } = buildApp({
      runtime,
      config,
      version: serverVersion,
      logger: options.logger ?? false,
      lanUrls: () => listening.filter((url) => !/\/\/(127\.|localhost|\[::1\])/.test(url)),
      ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    listening = urlsFor(config.host, port);

    const prune = setInterval(() => {
      runtime.runFork(Effect.ignore(pruneEventLog(config.eventRetention)));
    }, 10 * 60_000);
    prune.unref();
    // PostgreSQL is backed up with its own tools (pg_dump, docs/deploy.md).
    const backup =
      config.backupIntervalMinutes === 0 || shared !== undefined
        ? undefined
        : setInterval(() => {
            runtime.runFork(
              takeBackup().pipe(
                Effect.catchCause((cause) => Effect.logError("automatic backup failed", cause)),
                Effect.asVoid,
              ),
            );
          }, config.backupIntervalMinutes * 60_000);
    backup?.unref();

    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        clearInterval(prune);
        clearInterval(backup);
        await app.close();
        await runtime.dispose();
        releaseLock();
      })();
      return closing;
    };
    return {
      app,
      ctx,
      runtime,
      paths,
      localUrl: `http://127.0.0.1:${port}`,
      urls: urlsFor(config.host, port),
      port,
      adminToken,
      createdAdminToken: auth.createdAdminToken,
      createdPin: auth.createdPin,
      warnings,
      close,
    };
  } catch (error) {
    await runtime.dispose();
    throw error;
  }
};
