import type Database from "better-sqlite3";
import { finishGroup, type GroupCommitOptions, maxGroup, type PendingWrite as Pending } from "../pending-write.ts";

export type { GroupCommitOptions } from "../pending-write.ts";
/** A write of the SQLite group: its work runs synchronously. */
export type PendingWrite = Pending<void> & { readonly work: () => void };

/**
 * Group commit for one SQLite connection. Writes that arrive while the event loop is busy (one
 * request after another parsed in the same turn, or while the previous fsync ran) are run
 * together, at the end of the turn, in ONE IMMEDIATE transaction: each in its own savepoint, so
 * a write that fails rolls back alone, exactly as if it had its own transaction. One COMMIT, one
 * fsync for all of them; then, in order, each successful write's `committed` (publishing its
 * events) and only then its outcome. Groups never overlap: the whole group runs synchronously.
 */
export const makeGroupCommitter = (client: Database.Database, options: GroupCommitOptions) => {
  const begin = client.prepare("BEGIN IMMEDIATE");
  const commit = client.prepare("COMMIT");
  const rollback = client.prepare("ROLLBACK");
  const savepoint = client.prepare("SAVEPOINT write");
  const release = client.prepare("RELEASE write");
  const undo = client.prepare("ROLLBACK TO write");
  let queue: PendingWrite[] = [];
  let scheduled = false;

  const failAll = (group: ReadonlyArray<PendingWrite>, thrown: unknown): void => {
    if (client.inTransaction) rollback.run();
    for (const write of group) write.settle({ ok: false, thrown });
  };

  const runGroup = (group: ReadonlyArray<PendingWrite>): void => {
    const failures = new Map<PendingWrite, unknown>();
    try {
      begin.run();
    } catch (thrown) {
      failAll(group, thrown);
      return;
    }
    // A lone write needs no savepoint: if it fails, the whole transaction is rolled back.
    const alone = group.length === 1;
    for (const write of group) {
      if (!alone) savepoint.run();
      try {
        write.work();
        if (!alone) release.run();
      } catch (thrown) {
        if (alone || !client.inTransaction) {
          // Nothing of the group stands (a lone write's own failure, or SQLite gave up the whole
          // transaction: disk full, I/O error).
          failAll(group, thrown);
          return;
        }
        undo.run();
        release.run();
        failures.set(write, thrown);
      }
    }
    try {
      commit.run();
    } catch (thrown) {
      // Nothing of the group is durable: every write fails, nothing is published.
      failAll(group, thrown);
      return;
    }
    finishGroup(group, failures, options);
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
