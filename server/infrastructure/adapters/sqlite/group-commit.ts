import type Database from "better-sqlite3";

/** One write waiting for the next group commit. */
export interface PendingWrite {
  readonly work: () => unknown;
  /** Called with the result right after COMMIT, in commit order (the outbox hook). */
  readonly afterCommit: ((result: unknown) => void) | undefined;
  /** Called last: the write's outcome (its result, or what it threw). */
  readonly settle: (
    outcome: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly thrown: unknown },
  ) => void;
}

/** The most writes one transaction carries: bounds the latency a large group adds. */
const maxGroup = 256;

/**
 * Group commit for one SQLite connection. Writes that arrive while the event loop is busy (one
 * request after another parsed in the same turn, or while the previous fsync ran) are run
 * together, at the end of the turn, in ONE IMMEDIATE transaction: each in its own savepoint, so
 * a write that fails rolls back alone, exactly as if it had its own transaction. One COMMIT, one
 * fsync for all of them; then, in order, each successful write's `afterCommit` (publishing its
 * events) and only then its outcome. Groups never overlap: the whole group runs synchronously.
 */
export const makeGroupCommitter = (client: Database.Database) => {
  const begin = client.prepare("BEGIN IMMEDIATE");
  const commit = client.prepare("COMMIT");
  const rollback = client.prepare("ROLLBACK");
  const savepoint = client.prepare("SAVEPOINT write");
  const release = client.prepare("RELEASE write");
  const undo = client.prepare("ROLLBACK TO write");
  let queue: PendingWrite[] = [];
  let scheduled = false;

  const runGroup = (group: ReadonlyArray<PendingWrite>): void => {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; thrown: unknown }> = [];
    try {
      begin.run();
    } catch (thrown) {
      for (const write of group) write.settle({ ok: false, thrown });
      return;
    }
    // A lone write needs no savepoint: if it fails, the whole transaction is rolled back.
    const alone = group.length === 1;
    for (const write of group) {
      if (!alone) savepoint.run();
      try {
        const value = write.work();
        if (!alone) release.run();
        outcomes.push({ ok: true, value });
      } catch (thrown) {
        if (alone || !client.inTransaction) {
          // Nothing of the group stands (a lone write's own failure, or SQLite gave up the whole
          // transaction: disk full, I/O error).
          if (client.inTransaction) rollback.run();
          for (const each of group) each.settle({ ok: false, thrown });
          return;
        }
        undo.run();
        release.run();
        outcomes.push({ ok: false, thrown });
      }
    }
    try {
      commit.run();
    } catch (thrown) {
      // Nothing of the group is durable: every write fails, nothing is published.
      if (client.inTransaction) rollback.run();
      for (const write of group) write.settle({ ok: false, thrown });
      return;
    }
    group.forEach((write, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true && write.afterCommit !== undefined) {
        try {
          write.afterCommit(outcome.value);
        } catch {
          // Publishing never un-acknowledges a durable write: clients catch up from the log.
        }
      }
    });
    for (const [i, write] of group.entries())
      write.settle(outcomes[i] ?? { ok: false, thrown: new Error("write lost its outcome") });
  };

  const flush = (): void => {
    scheduled = false;
    while (queue.length > 0) {
      const group = queue.slice(0, maxGroup);
      queue = queue.slice(group.length);
      runGroup(group);
    }
  };

  return {
    enqueue: (write: PendingWrite): void => {
      queue.push(write);
      if (!scheduled) {
        scheduled = true;
        // After this turn's I/O callbacks: every request already read joins this group.
        setImmediate(flush);
      }
    },
  };
};

export type GroupCommitter = ReturnType<typeof makeGroupCommitter>;
