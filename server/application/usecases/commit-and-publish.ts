import { Effect } from "effect";
import type { Committed } from "../ports/test-run-repository.ts";
import { SSEBroadcaster } from "../ports/sse-broadcaster.ts";
import { WriteLock } from "../ports/write-lock.ts";

/**
 * The outbox rule: the change and its events are committed together by `commit`; only then are
 * the events published, in seq order. A failed commit publishes nothing.
 */
export const commitAndPublish = <A, E, R>(commit: Effect.Effect<Committed<A>, E, R>) =>
  Effect.gen(function* () {
    const lock = yield* WriteLock;
    const broadcaster = yield* SSEBroadcaster;
    return yield* lock.withLock(
      Effect.gen(function* () {
        const committed = yield* commit;
        for (const event of committed.events) {
          // Publishing failures must not un-acknowledge a committed write: clients replay from the log.
          yield* broadcaster.sendUpdate(event.testRunId, event).pipe(
            Effect.catch((error) => Effect.logWarning("publish failed; clients will catch up from the log", error)),
          );
        }
        return committed.value;
      }),
    );
  });
