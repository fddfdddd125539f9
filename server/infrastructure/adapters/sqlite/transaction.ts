import { Effect } from "effect";
import type { Db } from "./database.ts";
import type { GroupCommitter } from "./group-commit.ts";
import { Abort } from "../abort.ts";

export { abort } from "../abort.ts";

/**
 * Runs `work` atomically: in its own savepoint of the next group commit (group-commit.ts), so
 * concurrent writes share one COMMIT and one fsync. An `abort(error)` rolls back this write only
 * and fails with `error`; anything else thrown rolls it back and becomes a defect (an
 * infrastructure failure). Once the group's COMMIT is durable, `committed` gets the result (in
 * commit order, before anything else runs), and then the effect succeeds with it.
 */
export const transact = <A, E>(
  committer: GroupCommitter,
  work: () => A,
  committed?: (value: A) => void,
): Effect.Effect<A, E> =>
  Effect.callback<A, E>((resume) => {
    const result: { value?: A } = {};
    committer.enqueue({
      work: () => {
        result.value = work();
      },
      committed: () => committed?.(result.value as A),
      settle: (outcome) => {
        if (outcome.ok) resume(Effect.succeed(result.value as A));
        else if (outcome.thrown instanceof Abort) resume(Effect.fail(outcome.thrown.error as E));
        else resume(Effect.die(outcome.thrown));
      },
    });
  });

/** A read that sees one consistent state (a DEFERRED transaction). */
export const read = <A>(db: Db, work: () => A): Effect.Effect<A> =>
  Effect.sync(() => db.$client.transaction(work).deferred());
