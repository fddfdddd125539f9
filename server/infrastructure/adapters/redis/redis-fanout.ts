import { Effect, Layer } from "effect";
import { EventSink } from "../../../application/ports/event-sink.ts";
import { defaultPollMs, makeRelay } from "../relay/relay.ts";
import { makeRedisPublisher } from "./redis-publisher.ts";
import { subscribeToFanout } from "./redis-subscriber.ts";

export interface RedisFanoutOptions {
  /** redis://[user:password@]host:port[/db] */
  readonly url: string;
  /** The one channel every instance of this lab publishes to and listens on. */
  readonly channel?: string;
  /** How often the log's end is checked (silence, Redis down). Default 1000 ms. */
  readonly pollMs?: number;
  /** How long a gap waits for Redis to bring the missing events before the log is read. Default 50 ms. */
  readonly gapGraceMs?: number;
  /** The longest wait between two reconnect attempts. Default 2000 ms. */
  readonly maxBackoffMs?: number;
}

export const defaultFanoutChannel = "medi-test:events";

/**
 * Several instances on one shared log, with Redis Pub/Sub between them. Provides the stores'
 * EventSink: each committed event goes to this instance's relay and is published once to Redis,
 * where every instance's one subscribing connection hands it to its relay. The relay delivers every
 * instance's events to this instance's hub topics once each, in seq order, reading the log when
 * Redis lost something (gap, reconnect, silence while the log moved on). Another instance's event
 * reaches this one's streams after one Redis hop; with Redis down, within `pollMs`. Needs the log's
 * reader and this instance's hub topics (MemoryHubLive).
 */
export const RedisFanoutLive = (options: RedisFanoutOptions) =>
  Layer.effect(
    EventSink,
    Effect.gen(function* () {
      const channel = options.channel ?? defaultFanoutChannel;
      const maxBackoffMs = options.maxBackoffMs ?? 2_000;
      const relay = yield* makeRelay({
        pollMs: options.pollMs ?? defaultPollMs,
        gapGraceMs: options.gapGraceMs ?? 50,
      });
      yield* subscribeToFanout({ url: options.url, channel, maxBackoffMs }, relay);
      const publisher = yield* makeRedisPublisher({ url: options.url, channel, maxBackoffMs });
      return EventSink.of({
        committed: (events) => {
          relay.local(events);
          publisher.publish(events);
        },
      });
    }),
  );
