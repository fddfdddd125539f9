import type { Effect } from "effect";
import { Context } from "effect";

/**
 * Serializes "commit, then publish" so events reach the hub in the order of their seq, even when
 * two use cases run concurrently. The store already serializes writes, so this costs nothing.
 * `commitAndPublish` publishes under it only for a store that does not call `AfterCommit`.
 */
export class WriteLock extends Context.Service<
  WriteLock,
  {
    readonly withLock: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>;
  }
>()("medi-test/WriteLock") {}

/**
 * The outbox hook of a commit: `commitAndPublish` sets it around each commit. A store that
 * commits several writes in one transaction (group commit) calls it with each write's result
 * right after COMMIT, in commit order, synchronously and before anything else runs — so events
 * are published only once durable and always in seq order, without a lock held while a write
 * waits for its group. Every store should call it: without it `commitAndPublish` still
 * publishes (nothing is lost) but can no longer promise seq order across concurrent writes.
 */
export type AfterCommitHook = (result: unknown) => void;

export const AfterCommit = Context.Reference<AfterCommitHook | undefined>("medi-test/AfterCommit", {
  defaultValue: () => undefined,
});
