import { Effect } from "effect";
import type { Db } from "./database.ts";

/** Thrown inside a transaction to roll it back with an expected (typed) failure. */
class Abort<E> {
  readonly error: E;
  constructor(error: E) {
    this.error = error;
  }
}

export const abort = <E>(error: E): never => {
  throw new Abort(error);
};

/**
 * Runs `work` in one IMMEDIATE SQLite transaction. An `abort(error)` rolls back and fails with
 * `error`; anything else thrown rolls back and becomes a defect (an infrastructure failure).
 */
export const transact = <A, E>(db: Db, work: () => A): Effect.Effect<A, E> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(db.$client.transaction(work).immediate());
    } catch (thrown) {
      if (thrown instanceof Abort) return Effect.fail(thrown.error as E);
      return Effect.die(thrown);
    }
  });

/** A read that sees one consistent state (a DEFERRED transaction). */
export const read = <A>(db: Db, work: () => A): Effect.Effect<A> =>
  Effect.sync(() => db.$client.transaction(work).deferred());
