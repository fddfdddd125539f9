import { Effect } from "effect";

export interface StartGateLimits {
  /** Streams that may build a snapshot or replay history at once. */
  readonly concurrent: number;
  /** Streams that may wait for their turn; more get 503 with Retry-After. */
  readonly waiting: number;
}

/**
 * Bounds the memory and CPU that stream starts take: a snapshot or a replay holds one of a few
 * permits from its first read until its last byte left the server, and the rest wait in line
 * (in arrival order) holding nothing but their socket. Live streaming needs no permit.
 */
export const makeStartGate = (limits: StartGateLimits) => {
  let active = 0;
  const queue: Array<() => void> = [];

  const release = (): void => {
    const next = queue.shift();
    if (next !== undefined) next();
    else active -= 1;
  };

  /** Waits for a permit; interrupting the wait gives up its place in line. */
  const acquire = Effect.callback<void>((resume) => {
    if (active < limits.concurrent) {
      active += 1;
      resume(Effect.void);
      return;
    }
    // The permit passes from the releasing stream straight to this one: `active` stays the same.
    const grant = () => resume(Effect.void);
    queue.push(grant);
    return Effect.sync(() => {
      const at = queue.indexOf(grant);
      if (at >= 0) queue.splice(at, 1);
    });
  });

  return {
    /** False when the line is full: answer 503 before anything else is done. */
    canQueue: (): boolean => active < limits.concurrent || queue.length < limits.waiting,
    /** Runs `effect` holding a permit, released however it ends. */
    withPermit: <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.acquireUseRelease(
        acquire,
        () => effect,
        () => Effect.sync(release),
      ),
    stats: () => ({ active, waiting: queue.length }),
  };
};

export type StartGate = ReturnType<typeof makeStartGate>;
