import { Effect } from "effect";
import type pg from "pg";
import { Abort } from "../abort.ts";
import { finishGroup, type GroupCommitOptions, maxGroup, type PendingWrite as Pending } from "../pending-write.ts";

/** What a write gets inside the group's transaction. */
export interface PgTx {
  readonly client: pg.PoolClient;
  /** The next seq of the event log: gap-free, in commit order across every instance. */
  readonly nextSeq: () => number;
}

type PendingWrite = Pending<PgTx> & { readonly work: (tx: PgTx) => Promise<void> };

/** The counter's value from the answer to "BEGIN; SELECT value … FOR UPDATE" (one result per statement). */
const lockedSeq = (answer: unknown): number => {
  const results: ReadonlyArray<unknown> = Array.isArray(answer) ? answer : [answer];
  const selected = results.at(-1);
  const rows = typeof selected === "object" && selected !== null && "rows" in selected ? selected.rows : undefined;
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  const value = typeof first === "object" && first !== null && "value" in first ? Number(first.value) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new Error("event_seq has no counter row: the database is not migrated");
  return value;
};

/**
 * Group commit on PostgreSQL, and the order of the event log across instances. Writes queued
 * while a group runs form the next group: one transaction, each write in its own savepoint (a
 * write that fails rolls back alone), one COMMIT. The transaction first locks the one row of
 * `event_seq`: every writer of every instance waits there, so groups commit one after another
 * and each takes the seqs that follow the last committed one — seq order is commit order, with
 * no gap (a rolled-back write gives its seqs back). A reader that sees seq N therefore already
 * sees every event before it, which is what lets streams resume from any instance.
 */
export const makePgWriter = (pool: pg.Pool, options: GroupCommitOptions) => {
  let queue: PendingWrite[] = [];
  let running = false;

  const failAll = (group: ReadonlyArray<PendingWrite>, thrown: unknown): void => {
    for (const write of group) write.settle({ ok: false, thrown });
  };

  const runGroup = async (group: ReadonlyArray<PendingWrite>): Promise<void> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (thrown) {
      failAll(group, thrown);
      return;
    }
    const failures = new Map<PendingWrite, unknown>();
    try {
      // One round trip: open the transaction and take the lock every writer of every instance
      // queues on (simple protocol, so both statements go together).
      let seq = lockedSeq(await client.query("BEGIN; SELECT value FROM event_seq WHERE id = 1 FOR UPDATE"));
      const tx: PgTx = { client, nextSeq: () => ++seq };
      const [lone] = group;
      if (group.length === 1 && lone !== undefined) {
        // A lone write needs no savepoint: if it fails, the whole transaction is rolled back.
        try {
          await lone.work(tx);
        } catch (thrown) {
          await client.query("ROLLBACK");
          client.release();
          failAll(group, thrown);
          return;
        }
      } else {
        for (const write of group) {
          const before = seq;
          await client.query("SAVEPOINT write");
          try {
            await write.work(tx);
            await client.query("RELEASE SAVEPOINT write");
          } catch (thrown) {
            seq = before;
            await client.query("ROLLBACK TO SAVEPOINT write");
            failures.set(write, thrown);
          }
        }
      }
      if (!Number.isSafeInteger(seq)) throw new Error(`event seq out of range: ${seq}`);
      // The counter and the COMMIT in one round trip (the value is this writer's own integer).
      await client.query(`UPDATE event_seq SET value = ${seq} WHERE id = 1; COMMIT`);
    } catch (thrown) {
      // Nothing of the group is durable (or we cannot know): every write fails, nothing is published.
      const broken = thrown instanceof Error ? thrown : new Error(String(thrown));
      // The connection is dropped below whatever ROLLBACK answers; the group's error is the one to report.
      await client.query("ROLLBACK").catch(() => undefined);
      client.release(broken);
      failAll(group, thrown);
      return;
    }
    client.release();
    finishGroup(group, failures, options);
  };

  const drain = async (): Promise<void> => {
    running = true;
    while (queue.length > 0) {
      const group = queue.slice(0, maxGroup);
      queue = queue.slice(group.length);
      await runGroup(group);
    }
    running = false;
  };

  const enqueue = (write: PendingWrite): void => {
    queue.push(write);
    if (!running) {
      running = true;
      // After this turn: every request already read joins the group.
      setImmediate(() => void drain());
    }
  };

  /**
   * Runs `work` in the next group's transaction. `abort(error)` inside it rolls back this write
   * and fails with `error`; anything else thrown is a defect. Once COMMIT is done, `committed`
   * gets the result (in commit order), then the effect succeeds with it.
   */
  const transact = <A, E>(work: (tx: PgTx) => Promise<A>, committed?: (value: A) => void): Effect.Effect<A, E> =>
    Effect.callback<A, E>((resume) => {
      const result: { value?: A } = {};
      enqueue({
        work: async (tx) => {
          result.value = await work(tx);
        },
        committed: () => committed?.(result.value as A),
        settle: (outcome) => {
          if (outcome.ok) resume(Effect.succeed(result.value as A));
          else if (outcome.thrown instanceof Abort) resume(Effect.fail(outcome.thrown.error as E));
          else resume(Effect.die(outcome.thrown));
        },
      });
    });

  return { transact };
};

export type PgWriter = ReturnType<typeof makePgWriter>;
