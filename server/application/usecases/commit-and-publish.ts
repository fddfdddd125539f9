import { Effect } from "effect";
import type { StreamEvent } from "../../domain/stream-event.ts";
import type { Committed } from "../ports/test-run-repository.ts";
import { SSEBroadcaster } from "../ports/sse-broadcaster.ts";
import { AfterCommit, WriteLock } from "../ports/write-lock.ts";

const hasEvents = (value: unknown): value is { readonly events: ReadonlyArray<StreamEvent> } =>
  typeof value === "object" && value !== null && "events" in value && Array.isArray(value.events);

/**
 * The outbox rule: the change and its events are committed together by `commit`; only then are
 * the events published, in seq order. A failed commit publishes nothing.
 *
 * A group-committing store publishes through the `AfterCommit` hook, right after the COMMIT
 * that made the events durable and in commit order; concurrent writes then share one commit
 * (one fsync) instead of queueing for a lock. Should a store not call the hook, the events are
 * published after its commit under the write lock.
 */
export const commitAndPublish = <A, E, R>(commit: Effect.Effect<Committed<A>, E, R>) =>
  Effect.gen(function* () {
    const lock = yield* WriteLock;
    const broadcaster = yield* SSEBroadcaster;
    const context = yield* Effect.context<never>();
    const publish = (events: ReadonlyArray<StreamEvent>) =>
      Effect.forEach(
        events,
        (event) =>
          // Publishing failures must not un-acknowledge a committed write: clients replay from the log.
          broadcaster
            .sendUpdate(event.testRunId, event)
            .pipe(
              Effect.catch((error) => Effect.logWarning("publish failed; clients will catch up from the log", error)),
            ),
        { discard: true },
      );
    let publishedAtCommit = false;
    const afterCommit = (result: unknown): void => {
      publishedAtCommit = true;
      if (hasEvents(result)) Effect.runSyncExitWith(context)(publish(result.events));
    };
    const grouped = yield* commit.pipe(
      Effect.provideService(AfterCommit, afterCommit),
      Effect.map((committed) => ({ committed, publishedAtCommit })),
    );
    if (grouped.publishedAtCommit) return grouped.committed.value;
    return yield* lock.withLock(publish(grouped.committed.events).pipe(Effect.as(grouped.committed.value)));
  });
