import { Effect, Exit } from "effect";
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";
import { seqsOf } from "../support/recording-sink.ts";
import type { Store } from "../support/store-harness.ts";
import { allEvents, createRun, range, updateItem, withRepo } from "../support/writes.ts";

const runs = ["r1", "r2", "r3", "r4"];
const itemsPerRun = 50;

/**
 * 200 results on the 200 items of 4 runs, all at once, and after every tenth of them a write
 * that fails (its item is in no run); each success is noted in the journal as its caller hears
 * of it.
 */
const manyAtOnce = (store: Store) =>
  Effect.gen(function* () {
    for (const id of runs) yield* createRun(id, itemsPerRun);
    const result = (runId: string, index: number, n: number) =>
      updateItem(runId, index, { status: n % 3 === 0 ? "failed" : "passed" }, { actor: `T${n % 7}` }).pipe(
        Effect.tap((committed) => Effect.sync(() => store.sink.acknowledged(committed.events))),
        Effect.exit,
      );
    const writes = range(0, 199).flatMap((n) => {
      const runId = runs[n % runs.length] ?? "r1";
      const good = result(runId, Math.floor(n / runs.length), n);
      return n % 10 === 9 ? [good, result(runId, 1_000 + n, n)] : [good];
    });
    return yield* Effect.all(writes, { concurrency: "unbounded" });
  });

/** The events of each write that succeeded, in seq order (concurrent writes may commit in any order). */
const committedEvents = (exits: ReadonlyArray<Exit.Exit<{ readonly events: ReadonlyArray<StreamEvent> }, unknown>>) =>
  exits
    .flatMap((exit) => (Exit.isSuccess(exit) ? [exit.value.events] : []))
    .sort((a, b) => (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));

export const sequenceCases = (store: Store): void => {
  describe("seq: gap-free, each once, handed to the sink after commit in seq order", () => {
    it("gives concurrent writes seqs 1..N with no gap and no repeat, each write's events together", async () => {
      const exits = await store.run(manyAtOnce(store));
      expect(exits.filter(Exit.isSuccess)).toHaveLength(200);
      const log = await store.run(allEvents());
      // 4 run_created, 200 item_updated, and the status_changed of each run's first result.
      const n = 4 + 200 + 4;
      expect(seqsOf(log)).toEqual(range(1, n));
      expect((await store.run(withRepo((repo) => repo.eventBounds))).maxSeq).toBe(n);
      for (const events of committedEvents(exits)) {
        const first = events[0]?.seq ?? 0;
        expect(seqsOf(events)).toEqual(range(first, first + events.length - 1));
        expect(log.slice(first - 1, first - 1 + events.length)).toEqual(events);
      }
      for (const id of runs) {
        const run = await store.run(withRepo((repo) => repo.getRunSummary(id)));
        expect(run.counts.passed + run.counts.failed).toBe(itemsPerRun);
        expect(run.status).toBe("running");
      }
    });

    it("hands every committed event to the sink once, in seq order, before its writer hears of it", async () => {
      const exits = await store.run(manyAtOnce(store));
      const log = await store.run(allEvents());
      expect(store.sink.delivered()).toEqual(log);
      // One delivery per successful write, carrying exactly that write's events.
      const deliveries = store.sink.deliveries().map(seqsOf);
      expect(deliveries.slice(runs.length)).toEqual(committedEvents(exits).map(seqsOf));
      const journal = store.sink.journal();
      const at = (kind: "delivered" | "acknowledged", first: number) =>
        journal.findIndex((entry) => entry.kind === kind && entry.seqs[0] === first);
      for (const events of committedEvents(exits)) {
        const first = events[0]?.seq ?? 0;
        expect(at("delivered", first)).toBeGreaterThanOrEqual(0);
        expect(at("delivered", first)).toBeLessThan(at("acknowledged", first));
      }
      // The 20 writes that failed handed nothing over.
      expect(exits.filter(Exit.isFailure)).toHaveLength(20);
      expect(store.sink.delivered()).toHaveLength(log.length);
    });

    it("hands over only what is committed: a read started on delivery already finds the events", async () => {
      const reads: Array<Promise<ReadonlyArray<StreamEvent>>> = [];
      store.sink.onDelivery((events) => {
        const first = events[0]?.seq ?? 1;
        reads.push(
          store.run(
            withRepo((repo) =>
              repo.eventsAfter(first - 1, { runIds: null }, { limit: events.length, maxBytes: 1 << 30 }),
            ).pipe(Effect.map((page) => page.events)),
          ),
        );
      });
      await store.run(manyAtOnce(store));
      const seen = await Promise.all(reads);
      expect(seen.map(seqsOf)).toEqual(store.sink.deliveries().map(seqsOf));
    });
  });
};
