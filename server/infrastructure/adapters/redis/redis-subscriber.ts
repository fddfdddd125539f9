import { Effect } from "effect";
import type { Relay } from "../relay/relay.ts";
import { callbackLogger, openRedis, reasonOf } from "./redis-connection.ts";

export interface RedisSubscriberOptions {
  readonly url: string;
  readonly channel: string;
  readonly maxBackoffMs: number;
}

/**
 * The instance's one subscribing connection: each message goes to the relay as it came. Redis
 * Pub/Sub keeps nothing for a disconnected subscriber, so after every (re)connect the channel is
 * subscribed again by hand and, once Redis has confirmed it, the relay reads the log: whatever was
 * published while this instance was not listening is there, and everything after comes through
 * the subscription.
 */
export const subscribeToFanout = (options: RedisSubscriberOptions, relay: Relay) =>
  Effect.gen(function* () {
    const log = yield* callbackLogger;
    yield* openRedis(
      { url: options.url, role: "subscriber", maxBackoffMs: options.maxBackoffMs },
      { enableOfflineQueue: false, autoResubscribe: false, autoResendUnfulfilledCommands: false },
      (client) => {
        client.on("message", (channel: string, message: string) => {
          if (channel === options.channel) relay.fanout(message);
        });
        client.on("ready", () => {
          client.subscribe(options.channel).then(
            () => {
              log(Effect.logInfo(`redis subscriber: listening on ${options.channel}`));
              relay.check();
            },
            (error: unknown) =>
              log(
                Effect.logWarning(
                  `redis subscriber: subscribing to ${options.channel} failed (${reasonOf(error)}); the log is polled meanwhile`,
                ),
              ),
          );
        });
      },
    );
  });
