import type { Effect } from "effect";
import { Context } from "effect";

/**
 * Serializes "commit, then publish" so events reach the hub in the order of their seq, even when
 * two use cases run concurrently. The store already serializes writes, so this costs nothing.
 */
export class WriteLock extends Context.Service<WriteLock, {
  readonly withLock: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>;
}>()("medi-test/WriteLock") {}
