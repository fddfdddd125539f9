import { Effect } from "effect";
import { Redis, type RedisOptions } from "ioredis";

export interface RedisConnectionOptions {
  /** redis://[user:password@]host:port[/db]; never logged. */
  readonly url: string;
  /** Which connection this is, in the log: "publisher" or "subscriber". */
  readonly role: string;
  /** The longest wait between two reconnect attempts. */
  readonly maxBackoffMs: number;
}

/** ioredis's options, less the reply mapping (its constructor types it apart). */
type ClientOptions = Omit<RedisOptions, "replyMapping">;

/** Reconnect delay: doubling from 50 ms up to `maxMs`, ±20 % so instances do not retry in step. */
export const backoffMs = (attempt: number, maxMs: number, random: number = Math.random()): number =>
  Math.round(Math.min(50 * 2 ** Math.max(0, attempt - 1), maxMs) * (0.8 + 0.4 * random));

/** Runs a log line from a client's callback with the layer's logger. */
export const callbackLogger = Effect.map(Effect.context<never>(), (context) => (line: Effect.Effect<void>): void => {
  Effect.runForkWith(context)(line);
});

export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * One Redis connection, closed with the scope. It connects in the background (a server starts
 * and writes with Redis down), reconnects forever with backoff, and logs each change of state
 * once: connected, lost, and each new error (not every failed retry). `attach` adds the caller's
 * listeners before the first connect, so no event is missed.
 */
export const openRedis = (
  options: RedisConnectionOptions,
  clientOptions: ClientOptions,
  attach: (client: Redis) => void = () => undefined,
) =>
  Effect.gen(function* () {
    const log = yield* callbackLogger;
    const settings: ClientOptions = {
      connectionName: `medi-test-${options.role}`,
      retryStrategy: (attempt: number) => backoffMs(attempt, options.maxBackoffMs),
      ...clientOptions,
      lazyConnect: true,
    };
    const client = new Redis(options.url, settings);
    let up = false;
    let lastError: string | undefined;
    client.on("ready", () => {
      up = true;
      lastError = undefined;
      log(Effect.logInfo(`redis ${options.role}: connected`));
    });
    client.on("close", () => {
      if (!up) return;
      up = false;
      log(Effect.logWarning(`redis ${options.role}: connection lost; reconnecting`));
    });
    client.on("error", (error: unknown) => {
      const reason = reasonOf(error);
      if (reason === lastError) return;
      lastError = reason;
      log(Effect.logWarning(`redis ${options.role}: ${reason}`));
    });
    attach(client);
    // A first attempt that fails is retried by the client itself; the 'error' listener reports it.
    client.connect().catch(() => undefined);
    yield* Effect.addFinalizer(() => Effect.sync(() => client.disconnect()));
    return client;
  });
