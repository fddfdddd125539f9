import { Effect } from "effect";
import { Redis } from "ioredis";
import { DataDirRefusal } from "../../data-dir-refusal.ts";
import { reasonOf } from "./redis-connection.ts";

/** The URL without its password, for messages. */
const safeRedisUrl = (url: string): string => {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unreadable Redis URL)";
  }
};

/**
 * At start, Redis must answer a PING within `timeoutMs`: a wrong URL or a Redis that is not there
 * is a setting to fix (one line, exit code 2), not an outage to ride out. Once running, the
 * instance rides out any Redis outage (the relay reads the log meanwhile).
 */
export const checkRedisReachable = (url: string, timeoutMs = 5_000) =>
  Effect.promise(async () => {
    const client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
    // The connection's own error (ECONNREFUSED, ENOTFOUND, NOAUTH …) says more than the awaited
    // call's "Connection is closed": keep it for the message.
    let cause: string | undefined;
    client.on("error", (error: unknown) => {
      cause ??= reasonOf(error);
    });
    try {
      await client.connect();
      await client.ping();
      return undefined;
    } catch (error) {
      return `cannot reach Redis at ${safeRedisUrl(url)}: ${cause ?? reasonOf(error)}`;
    } finally {
      client.disconnect();
    }
  }).pipe(Effect.flatMap((refusal) => (refusal === undefined ? Effect.void : Effect.die(new DataDirRefusal(refusal)))));
