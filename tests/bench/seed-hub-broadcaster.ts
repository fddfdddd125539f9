import { Effect, Layer, PubSub, Stream } from "effect";
import {
  type Published,
  SSEBroadcaster,
  type Topic,
  runTopic,
} from "../../server/application/ports/sse-broadcaster.ts";
import { encodeEventFrame } from "../../server/domain/sse-wire.ts";

/**
 * The seed's design, for comparison only (bench code, never shipped): one global PubSub, and every
 * subscriber runs `Stream.filter` over every event to find its run's (defect 2 of DESIGN.md §5).
 * Everything else is as in the product: one frame serialized per event, the same subscription
 * type handed to the same SSE writer, so the only difference measured is the topic index.
 */
export const makeSeedHubBroadcaster = Effect.gen(function* () {
  const hub = yield* PubSub.unbounded<Published>();
  let subscriptions = 0;

  const subscribe = (topic: Topic) =>
    Effect.gen(function* () {
      const local = yield* PubSub.unbounded<Published>();
      yield* Effect.addFinalizer(() => PubSub.shutdown(local));
      const subscription = yield* PubSub.subscribe(local);
      const everything = yield* PubSub.subscribe(hub);
      const wanted =
        topic._tag === "all" ? () => true : (message: Published) => message.event.testRunId === topic.runId;
      yield* Effect.forkScoped(
        Stream.fromSubscription(everything).pipe(
          Stream.filter(wanted),
          Stream.runForEach((message) => PubSub.publish(local, message)),
        ),
      );
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          subscriptions += 1;
        }),
        () =>
          Effect.sync(() => {
            subscriptions -= 1;
          }),
      );
      return subscription;
    });

  return SSEBroadcaster.of({
    sendUpdate: (_testRunId, event) =>
      PubSub.publish(hub, { event, frame: encodeEventFrame(event) }).pipe(Effect.asVoid),
    subscribe,
    subscribeToTestRun: (testRunId) =>
      Stream.unwrap(Effect.map(subscribe(runTopic(testRunId)), Stream.fromSubscription)).pipe(
        Stream.map((published) => published.event),
      ),
    stats: Effect.sync(() => ({ subscriptions, topics: 1 })),
  });
});

export const SeedHubBroadcasterLive = Layer.effect(SSEBroadcaster, makeSeedHubBroadcaster);
