import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import type { EventPage, PageLimits, RunSelection } from "../../../server/application/ports/test-run-repository.ts";
import { seqsOf } from "../support/recording-sink.ts";
import type { Store } from "../support/store-harness.ts";
import { addComment, allEvents, createRun, everyRun, onlyRuns, range, withRepo } from "../support/writes.ts";

const page = (after: number, selection: RunSelection, limits: PageLimits) =>
  withRepo((repo) => repo.eventsAfter(after, selection, limits));

/** Every page from `after` to the end, each starting after the last seq of the one before. */
const walk = (selection: RunSelection, limits: PageLimits, after = 0) =>
  Effect.gen(function* () {
    const pages: EventPage[] = [];
    let from = after;
    for (;;) {
      const next = yield* page(from, selection, limits);
      pages.push(next);
      const last = next.events[next.events.length - 1];
      if (!next.more || last === undefined) return pages;
      from = last.seq;
    }
  });

const shape = (pages: ReadonlyArray<EventPage>) =>
  pages.map((each) => ({ seqs: seqsOf(each.events), more: each.more }));

/** 3,000 "é": 3,000 characters, 6,000 bytes of UTF-8. */
const wide = "é".repeat(3_000);

/** Run "a" with `n` comments on it, and run "b" with one comment after every second of them. */
const twoRuns = (n: number, body = (i: number) => `comment ${i}`) =>
  Effect.gen(function* () {
    yield* createRun("a", 0);
    yield* createRun("b", 0);
    for (const i of range(1, n)) {
      yield* addComment("a", `a${i}`, body(i));
      if (i % 2 === 0) yield* addComment("b", `b${i}`, "b");
    }
  });

const count = (after: number, selection: RunSelection, cap: number) =>
  withRepo((repo) => repo.countEventsAfter(after, selection, cap));

export const pagingCases = (store: Store): void => {
  describe("eventsAfter pages: bounded in count and bytes, `more` when others follow", () => {
    it("a page holds at most `limit` events; `more` says whether more follow", async () => {
      await store.run(createRun("a", 0));
      for (const i of range(1, 6)) await store.run(addComment("a", `c${i}`, `comment ${i}`));
      const unbounded = Number.MAX_SAFE_INTEGER;
      expect(shape(await store.run(walk(everyRun, { limit: 3, maxBytes: unbounded })))).toEqual([
        { seqs: [1, 2, 3], more: true },
        { seqs: [4, 5, 6], more: true },
        { seqs: [7], more: false },
      ]);
      expect(shape(await store.run(walk(everyRun, { limit: 7, maxBytes: unbounded })))).toEqual([
        { seqs: range(1, 7), more: false },
      ]);
      expect(shape(await store.run(walk(everyRun, { limit: 6, maxBytes: unbounded }, 1)))).toEqual([
        { seqs: range(2, 7), more: false },
      ]);
      expect(await store.run(page(7, everyRun, { limit: 3, maxBytes: unbounded }))).toEqual({
        events: [],
        more: false,
      });
    });

    it("past its first event, a page holds at most `maxBytes` of event data, counted in bytes", async () => {
      await store.run(twoRuns(5, () => wide));
      // Each comment's data is a little over 6,000 bytes but only 3,000 characters: 13,000 bytes
      // hold two of them (four, if characters were counted).
      const pages = await store.run(walk(onlyRuns("a"), { limit: 100, maxBytes: 13_000 }, 2));
      expect(pages.map((each) => each.events.length)).toEqual([2, 2, 1]);
      expect(pages.map((each) => each.more)).toEqual([true, true, false]);
      const read = pages.flatMap((each) => each.events);
      expect(read).toEqual((await store.run(allEvents(onlyRuns("a")))).slice(1));
    });

    it("the first event always fits, however large", async () => {
      await store.run(twoRuns(3, () => wide));
      const pages = await store.run(walk(everyRun, { limit: 100, maxBytes: 1 }));
      const log = await store.run(allEvents());
      expect(pages.map((each) => seqsOf(each.events))).toEqual(log.map((event) => [event.seq]));
      expect(pages.map((each) => each.more)).toEqual(log.map((_, i) => i < log.length - 1));
    });

    it("a selection's page counts, and says `more`, of the selected runs' events only", async () => {
      await store.run(twoRuns(2));
      for (const i of range(3, 8)) await store.run(addComment("b", `b${i}`, "b"));
      const unbounded = Number.MAX_SAFE_INTEGER;
      const ofA = await store.run(page(0, onlyRuns("a"), { limit: 3, maxBytes: unbounded }));
      expect(ofA.events.map((event) => event.testRunId)).toEqual(["a", "a", "a"]);
      expect(ofA.more).toBe(false);
      expect((await store.run(page(0, onlyRuns("a"), { limit: 2, maxBytes: unbounded }))).more).toBe(true);
      const ofB = await store.run(walk(onlyRuns("b"), { limit: 4, maxBytes: unbounded }));
      expect(ofB.map((each) => each.events.length)).toEqual([4, 4]);
      expect(ofB.map((each) => each.more)).toEqual([true, false]);
    });
  });

  describe("countEventsAfter: the selected events after a seq, counted up to cap + 1", () => {
    it("counts exactly up to the cap, and cap + 1 for anything beyond", async () => {
      await store.run(twoRuns(10));
      // a: run_created + 10 comments; b: run_created + 5 comments; 17 in all.
      const expected = async (after: number, selection: RunSelection) =>
        (await store.run(allEvents(selection))).filter((event) => event.seq > after).length;
      for (const selection of [everyRun, onlyRuns("a"), onlyRuns("b"), onlyRuns("a", "b"), onlyRuns("nobody")]) {
        for (const after of [0, 3, 9, 16, 17]) {
          const n = await expected(after, selection);
          for (const cap of [0, 1, 4, 5, 6, 100]) {
            expect(await store.run(count(after, selection, cap))).toBe(Math.min(n, cap + 1));
          }
        }
      }
      expect(await store.run(count(0, everyRun, 1_000))).toBe(17);
    });
  });
};
