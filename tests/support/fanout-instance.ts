import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Effect, Layer, Logger, ManagedRuntime, PubSub, References } from "effect";
import { afterEach } from "vitest";
import type { Clock } from "../../server/application/ports/clock.ts";
import type { EventLogReader } from "../../server/application/ports/event-log-reader.ts";
import type { EventSink } from "../../server/application/ports/event-sink.ts";
import type { IdGenerator } from "../../server/application/ports/id-generator.ts";
import { SSEBroadcaster, type Topic } from "../../server/application/ports/sse-broadcaster.ts";
import type { TestRunRepository } from "../../server/application/ports/test-run-repository.ts";
import { addComment } from "../../server/application/usecases/add-comment.ts";
import { createTestRun } from "../../server/application/usecases/create-test-run.ts";
import type { StreamEvent } from "../../server/domain/stream-event.ts";
import type { LocalTopics } from "../../server/infrastructure/adapters/memory-hub/local-topics.ts";
import { MemoryHubLive } from "../../server/infrastructure/adapters/memory-hub/memory-sse-broadcaster.ts";
import { defaultPgMigrationsDir } from "../../server/infrastructure/adapters/postgres/pg-database.ts";
import { PgEventLogReaderLive } from "../../server/infrastructure/adapters/postgres/pg-event-log-reader.ts";
import { PostgresDatabaseLive } from "../../server/infrastructure/adapters/postgres/pg-services.ts";
import { PgTestRunRepositoryLive } from "../../server/infrastructure/adapters/postgres/pg-test-run-repository.ts";
import { defaultMigrationsDir } from "../../server/infrastructure/adapters/sqlite/database.ts";
import { SqliteDatabaseLive } from "../../server/infrastructure/adapters/sqlite/sqlite-database.ts";
import { SqliteEventLogReaderLive } from "../../server/infrastructure/adapters/sqlite/sqlite-event-log-reader.ts";
import { SqliteTestRunRepositoryLive } from "../../server/infrastructure/adapters/sqlite/sqlite-test-run-repository.ts";
import { SystemClockLive } from "../../server/infrastructure/adapters/system/system-clock.ts";
import { UlidGeneratorLive } from "../../server/infrastructure/adapters/system/ulid-generator.ts";

/**
 * One "server instance" in the test process: its own connection to the shared log (an SQLite file,
 * or a PostgreSQL database), its own hub, and the fan-out under test as its EventSink. Several of
 * these on one log behave like instances behind a load balancer.
 */
export type FanoutLayer = Layer.Layer<EventSink, never, EventLogReader | LocalTopics>;
type Services = TestRunRepository | SSEBroadcaster | Clock | IdGenerator;

export interface Instance {
  readonly name: string;
  readonly runtime: ManagedRuntime.ManagedRuntime<Services, never>;
  /** Every line this instance logged. */
  readonly logs: string[];
  readonly createRun: (name: string) => Promise<string>;
  readonly comment: (runId: string, body: string) => Promise<void>;
  readonly close: () => Promise<void>;
}

const lineOf = (message: unknown): string =>
  (Array.isArray(message) ? message : [message])
    .map((part) => (part instanceof Error ? part.message : String(part)))
    .join(" ");

/** An instance's storage: the repository (which needs the sink) and the log's reader (which does not). */
export interface Storage {
  readonly repository: Layer.Layer<TestRunRepository, never, EventSink>;
  readonly reader: Layer.Layer<EventLogReader>;
}

/** A connection of its own to the lab file. */
export const sqliteStorage = (file: string): Storage => {
  const database = SqliteDatabaseLive({ file, synchronous: "NORMAL", migrationsDir: defaultMigrationsDir() });
  return {
    repository: SqliteTestRunRepositoryLive.pipe(Layer.provide(database)),
    reader: SqliteEventLogReaderLive.pipe(Layer.provide(database)),
  };
};

/** A pool of its own to the database. */
export const postgresStorage = (url: string): Storage => {
  const database = PostgresDatabaseLive({ url, poolSize: 4, migrationsDir: defaultPgMigrationsDir() });
  return {
    repository: PgTestRunRepositoryLive.pipe(Layer.provide(database)),
    reader: PgEventLogReaderLive.pipe(Layer.provide(database)),
  };
};

export const startInstance = async (name: string, storage: Storage, fanout: FanoutLayer): Promise<Instance> => {
  const logs: string[] = [];
  const logger = Logger.make((options) => {
    logs.push(`${options.logLevel} ${lineOf(options.message)}`);
  });
  const hub = MemoryHubLive;
  const sink = fanout.pipe(Layer.provide(Layer.merge(hub, storage.reader)));
  const repository = storage.repository.pipe(Layer.provide(sink));
  const layer = Layer.mergeAll(
    repository,
    hub,
    SystemClockLive,
    UlidGeneratorLive.pipe(Layer.provide(SystemClockLive)),
  ).pipe(Layer.provide(Layer.merge(Logger.layer([logger]), Layer.succeed(References.MinimumLogLevel, "Debug"))));
  const runtime = ManagedRuntime.make(layer);
  await runtime.runPromise(Effect.void);
  return {
    name,
    runtime,
    logs,
    createRun: async (runName) => (await runtime.runPromise(createTestRun({ name: runName }))).id,
    comment: async (runId, body) => {
      await runtime.runPromise(addComment(runId, { body }, null));
    },
    close: () => runtime.dispose(),
  };
};

/** What one hub subscriber received, as it arrives. */
export interface Received {
  readonly events: StreamEvent[];
  /** When each event arrived (performance.now()). */
  readonly times: number[];
  readonly seqs: () => number[];
  readonly stop: () => void;
}

/** Subscribes to a topic of the instance's hub, as a stream does. */
export const subscribe = async (instance: Instance, topic: Topic): Promise<Received> => {
  const events: StreamEvent[] = [];
  const times: number[] = [];
  const { promise: subscribed, resolve } = Promise.withResolvers<void>();
  const fiber = instance.runtime.runFork(
    Effect.scoped(
      Effect.gen(function* () {
        const subscription = yield* (yield* SSEBroadcaster).subscribe(topic);
        resolve();
        for (;;) {
          for (const published of yield* PubSub.takeAll(subscription)) {
            events.push(published.event);
            times.push(performance.now());
          }
        }
      }),
    ),
  );
  await subscribed;
  return { events, times, seqs: () => events.map((event) => event.seq), stop: () => fiber.interruptUnsafe() };
};

/** Waits until `done` holds, checking every 10 ms; fails with `what` after `timeoutMs`. */
export const until = async (what: string, done: () => boolean, timeoutMs = 10_000): Promise<number> => {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return performance.now() - started;
};

/** 1, 2, …, n */
export const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export type Defer = (cleanup: () => Promise<void> | void) => void;

/** Registers what each test undoes after it (last first: streams, instances, files, servers). */
export const deferEachTest = (): Defer => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
};

/** A fresh lab file in a temp dir, removed after the test: the instances' shared log. */
export const sharedLogFile = (defer: Defer): string => {
  const dir = mkdtempSync(join(tmpdir(), "medi-test-fanout-"));
  defer(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, "lab.db");
};
