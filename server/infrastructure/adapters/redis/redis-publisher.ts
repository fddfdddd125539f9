import { Effect } from "effect";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import { fanoutMessage } from "../relay/fanout-message.ts";
import { callbackLogger, openRedis, reasonOf } from "./redis-connection.ts";

export interface RedisPublisherOptions {
  readonly url: string;
  readonly channel: string;
  readonly maxBackoffMs: number;
}

/**
 * The instance's publishing connection. `publish` never waits and never throws: with Redis down
 * (or slow) an event is simply not published, since the log is the truth and every other
 * instance's relay reads it from there. Commands are not queued while disconnected, not resent
 * after a reconnect, and time out, so nothing piles up in memory. Failures are logged once per
 * outage, not once per event.
 */
export const makeRedisPublisher = (options: RedisPublisherOptions) =>
  Effect.gen(function* () {
    const log = yield* callbackLogger;
    const client = yield* openRedis(
      { url: options.url, role: "publisher", maxBackoffMs: options.maxBackoffMs },
      {
        enableOfflineQueue: false,
        autoResendUnfulfilledCommands: false,
        enableAutoPipelining: true,
        commandTimeout: 2_000,
      },
    );
    let failing = false;
    const failed = (reason: string): void => {
      if (failing) return;
      failing = true;
      log(
        Effect.logWarning(
          `redis publisher: events are not published (${reason}); other instances read them from the log at their next poll`,
        ),
      );
    };
    const sent = (): void => {
      if (!failing) return;
      failing = false;
      log(Effect.logInfo("redis publisher: publishing again"));
    };
    const publish = (events: ReadonlyArray<StreamEvent>): void => {
      if (client.status !== "ready") {
        failed(`connection ${client.status}`);
        return;
      }
      for (const event of events) {
        try {
          client.publish(options.channel, fanoutMessage(event)).then(sent, (error: unknown) => failed(reasonOf(error)));
        } catch (error) {
          failed(reasonOf(error));
        }
      }
    };
    return { publish };
  });
