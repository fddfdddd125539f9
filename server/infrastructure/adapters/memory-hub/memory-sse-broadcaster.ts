import { Context, Effect, Layer, PubSub, Stream } from "effect";
import { EventSink } from "../../../application/ports/event-sink.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import { type Published, SSEBroadcaster, type Topic, runTopic } from "../../../application/ports/sse-broadcaster.ts";
import { encodeEventFrame } from "../../../domain/sse-wire.ts";
import { LocalTopics } from "./local-topics.ts";

interface TopicEntry {
  readonly pubsub: PubSub.PubSub<Published>;
  refs: number;
}

const keyOf = (topic: Topic): string => (topic._tag === "all" ? "*" : `run:${topic.runId}`);

/**
 * The in-process hub: one Effect PubSub per topic (a run, or "*" for every run), created on the
 * first subscribe and dropped with the last, so publishing costs nothing for runs nobody watches
 * and no subscriber ever filters another run's events. Each event is serialized once, into the
 * SSE frame every subscriber writes.
 */
export const makeMemorySseBroadcaster = Effect.gen(function* () {
  const topics = new Map<string, TopicEntry>();
  let subscriptions = 0;

  const acquireTopic = (key: string) =>
    Effect.acquireRelease(
      Effect.gen(function* () {
        const existing = topics.get(key);
        if (existing !== undefined) {
          existing.refs += 1;
          return existing;
        }
        const pubsub = yield* PubSub.unbounded<Published>();
        // Another fiber may have created the topic while this one was making its PubSub.
        const raced = topics.get(key);
        if (raced !== undefined) {
          yield* PubSub.shutdown(pubsub);
          raced.refs += 1;
          return raced;
        }
        const entry: TopicEntry = { pubsub, refs: 1 };
        topics.set(key, entry);
        return entry;
      }),
      (entry) =>
        Effect.suspend(() => {
          entry.refs -= 1;
          if (entry.refs > 0 || topics.get(key) !== entry) return Effect.void;
          topics.delete(key);
          return PubSub.shutdown(entry.pubsub);
        }),
    );

  const subscribe = (topic: Topic) =>
    Effect.gen(function* () {
      const entry = yield* acquireTopic(keyOf(topic));
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          subscriptions += 1;
        }),
        () =>
          Effect.sync(() => {
            subscriptions -= 1;
          }),
      );
      return yield* PubSub.subscribe(entry.pubsub);
    });

  /** Synchronous, so every topic sees this event before any later one. */
  const publish = (runId: string, event: StreamEvent): void => {
    const run = topics.get(`run:${runId}`);
    const all = topics.get("*");
    if (run === undefined && all === undefined) return;
    const message: Published = { event, frame: encodeEventFrame(event) };
    if (run !== undefined) PubSub.publishUnsafe(run.pubsub, message);
    if (all !== undefined) PubSub.publishUnsafe(all.pubsub, message);
  };

  const broadcaster = SSEBroadcaster.of({
    sendUpdate: (testRunId, event) => Effect.sync(() => publish(testRunId, event)),
    subscribe,
    subscribeToTestRun: (testRunId) =>
      Stream.unwrap(Effect.map(subscribe(runTopic(testRunId)), Stream.fromSubscription)).pipe(
        Stream.map((published) => published.event),
      ),
    stats: Effect.sync(() => ({ subscriptions, topics: topics.size })),
  });
  const deliver = (events: ReadonlyArray<StreamEvent>): void => {
    for (const event of events) publish(event.testRunId, event);
  };
  return { broadcaster, topics: LocalTopics.of({ deliver }), sink: EventSink.of({ committed: deliver }) };
});

/**
 * The hub, as the streams' broadcaster and as the stores' sink for committed events: one process
 * (SQLite), whose store's commits are all there is.
 */
export const MemorySseBroadcasterLive = Layer.effectContext(
  Effect.map(makeMemorySseBroadcaster, ({ broadcaster, sink }) =>
    Context.make(SSEBroadcaster, broadcaster).pipe(Context.add(EventSink, sink)),
  ),
);

/**
 * The hub without a sink: the streams' broadcaster, and its topics for a relay to deliver to
 * (scale-out: the sink is the fan-out's, adapters/relay/ and adapters/redis/).
 */
export const MemoryHubLive = Layer.effectContext(
  Effect.map(makeMemorySseBroadcaster, ({ broadcaster, topics }) =>
    Context.make(SSEBroadcaster, broadcaster).pipe(Context.add(LocalTopics, topics)),
  ),
);
