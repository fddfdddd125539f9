import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";
import type { Store } from "../support/store-harness.ts";
import {
  addComment,
  allEvents,
  createRun,
  deleteRun,
  eventsAfter,
  onlyRuns,
  updateItem,
  withRepo,
  wholeLog,
} from "../support/writes.ts";

/** Three runs and writes that alternate between them; each write's events, in the order written. */
const interleaved = Effect.gen(function* () {
  const written: StreamEvent[] = [];
  const keep = <A>(committed: { readonly value: A; readonly events: ReadonlyArray<StreamEvent> }) =>
    written.push(...committed.events);
  for (const id of ["a", "b", "c"]) keep(yield* createRun(id));
  keep(yield* addComment("a", "a-1", "first"));
  keep(yield* updateItem("b", 0, { status: "passed" }, { actor: "Ben" }));
  keep(yield* addComment("c", "c-1", "«ünïcode» ✓"));
  keep(yield* updateItem("a", 2, { status: "failed", note: "smoke" }, { actor: "Ana" }));
  keep(yield* deleteRun("b"));
  keep(yield* addComment("a", "a-2", "second"));
  return written;
});

const seqs = (events: ReadonlyArray<StreamEvent>): number[] => events.map((event) => event.seq);
const ascending = (events: ReadonlyArray<StreamEvent>): boolean =>
  events.every((event, i) => i === 0 || event.seq > (events[i - 1]?.seq ?? 0));

export const eventOrderCases = (store: Store): void => {
  describe("the event log: order and selection", () => {
    it("gives back every event as its write returned it, oldest first, after any seq", async () => {
      const written = await store.run(interleaved);
      const log = await store.run(allEvents());
      expect(log).toEqual(written);
      expect(ascending(log)).toBe(true);
      expect(log.map((event) => event.type)).toEqual([
        "run_created",
        "run_created",
        "run_created",
        "comment_added",
        "status_changed",
        "item_updated",
        "comment_added",
        "status_changed",
        "item_updated",
        "run_deleted",
        "comment_added",
      ]);
      for (const after of [0, 1, 5, 10, 11, 50]) {
        expect(await store.run(eventsAfter(after))).toEqual(log.filter((event) => event.seq > after));
      }
    });

    it("selects the named runs' events only, still in seq order, a deleted run's included", async () => {
      const written = await store.run(interleaved);
      const ofRuns = (...ids: string[]) => written.filter((event) => ids.includes(event.testRunId));
      expect(await store.run(eventsAfter(0, onlyRuns("a", "b")))).toEqual(ofRuns("a", "b"));
      expect(await store.run(eventsAfter(0, onlyRuns("c")))).toEqual(ofRuns("c"));
      expect(seqs(await store.run(eventsAfter(0, onlyRuns("b"))))).toEqual(seqs(ofRuns("b")));
      const fromFive = await store.run(eventsAfter(5, onlyRuns("a")));
      expect(fromFive).toEqual(ofRuns("a").filter((event) => event.seq > 5));
    });

    it("selects nothing for no runs or unknown runs", async () => {
      await store.run(interleaved);
      const page = (runIds: ReadonlyArray<string>) =>
        store.run(withRepo((repo) => repo.eventsAfter(0, { runIds }, wholeLog)));
      expect(await page([])).toEqual({ events: [], more: false });
      expect(await page(["nobody"])).toEqual({ events: [], more: false });
      expect(await store.run(withRepo((repo) => repo.countEventsAfter(0, { runIds: [] }, 10)))).toBe(0);
    });
  });
};
