import type Database from "better-sqlite3";
import { Effect } from "effect";
import { AfterCommit } from "../../../application/ports/write-lock.ts";
import type { Db } from "./database.ts";
import { type GroupCommitter, makeGroupCommitter } from "./group-commit.ts";

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

const committers = new WeakMap<Database.Database, GroupCommitter>();

const committerOf = (db: Db): GroupCommitter => {
  let committer = committers.get(db.$client);
  if (committer === undefined) {
    committer = makeGroupCommitter(db.$client);
    committers.set(db.$client, committer);
  }
  return committer;
};

/**
 * Runs `work` atomically: in its own savepoint of the next group commit (group-commit.ts), so
 * concurrent writes share one COMMIT and one fsync. An `abort(error)` rolls back this write only
 * and fails with `error`; anything else thrown rolls it back and becomes a defect (an
 * infrastructure failure). Succeeds once the group's COMMIT is durable, after the caller's
 * `AfterCommit` hook has run.
 */
export const transact = <A, E>(db: Db, work: () => A): Effect.Effect<A, E> =>
  Effect.gen(function* () {
    const afterCommit = yield* AfterCommit;
    return yield* Effect.callback<A, E>((resume) => {
      committerOf(db).enqueue({
        work,
        afterCommit,
        settle: (outcome) => {
          if (outcome.ok) resume(Effect.succeed(outcome.value as A));
          else if (outcome.thrown instanceof Abort) resume(Effect.fail(outcome.thrown.error as E));
          else resume(Effect.die(outcome.thrown));
        },
      });
    });
  });

/** A read that sees one consistent state (a DEFERRED transaction). */
export const read = <A>(db: Db, work: () => A): Effect.Effect<A> =>
  Effect.sync(() => db.$client.transaction(work).deferred());
