import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { seqsOf } from "../support/recording-sink.ts";
import type { Store } from "../support/store-harness.ts";
import { addComment, allEvents, createRun, range, withRepo } from "../support/writes.ts";

/** Run "a" and nine comments on it: seqs 1..10. */
const tenEvents = Effect.gen(function* () {
  yield* createRun("a", 1);
  for (const n of range(1, 9)) yield* addComment("a", `c${n}`, `comment ${n}`);
});

const bounds = withRepo((repo) => repo.eventBounds);
const prune = (keep: number) => withRepo((repo) => repo.pruneEvents(keep));

export const pruningCases = (store: Store): void => {
  describe("pruning: the newest events stay, seqs are never reused", () => {
    it("an empty log is bounded by 1 and 0: the next seq is 1", async () => {
      expect(await store.run(bounds)).toEqual({ minSeq: 1, maxSeq: 0 });
      expect(await store.run(prune(0))).toBe(0);
      expect(await store.run(bounds)).toEqual({ minSeq: 1, maxSeq: 0 });
    });

    it("keeps the newest `keep` events and says how many it dropped", async () => {
      await store.run(tenEvents);
      expect(await store.run(bounds)).toEqual({ minSeq: 1, maxSeq: 10 });
      expect(await store.run(prune(20))).toBe(0);
      expect(await store.run(prune(10))).toBe(0);
      expect(await store.run(prune(4))).toBe(6);
      expect(await store.run(bounds)).toEqual({ minSeq: 7, maxSeq: 10 });
      expect(seqsOf(await store.run(allEvents()))).toEqual([7, 8, 9, 10]);
      expect(await store.run(prune(4))).toBe(0);
      // The state is not the log's: pruning leaves the run and its comments.
      expect(await store.run(withRepo((repo) => repo.listComments("a", 100)))).toHaveLength(9);
    });

    it("goes on from the highest seq ever written, even after pruning everything", async () => {
      await store.run(tenEvents);
      expect(await store.run(prune(0))).toBe(10);
      // Nothing held: minSeq is the seq the next event takes.
      expect(await store.run(bounds)).toEqual({ minSeq: 11, maxSeq: 10 });
      expect(await store.run(allEvents())).toEqual([]);
      const next = await store.run(addComment("a", "c10", "after the prune"));
      expect(seqsOf(next.events)).toEqual([11]);
      expect(await store.run(bounds)).toEqual({ minSeq: 11, maxSeq: 11 });
      await store.run(createRun("b", 1));
      expect(await store.run(prune(1))).toBe(1);
      expect(await store.run(bounds)).toEqual({ minSeq: 12, maxSeq: 12 });
      expect(seqsOf(await store.run(allEvents()))).toEqual([12]);
    });

    it("pruning while writes go on keeps the log a gap-free run of the newest seqs", async () => {
      await store.run(tenEvents);
      const writes = range(11, 60).map((n) =>
        n % 10 === 0 ? prune(15).pipe(Effect.asVoid) : addComment("a", `c${n}`, `comment ${n}`).pipe(Effect.asVoid),
      );
      await store.run(Effect.all(writes, { concurrency: "unbounded" }));
      const after = await store.run(bounds);
      // 10 + 45 comments; each prune left 15, and the comments after the last one stayed.
      expect(after.maxSeq).toBe(55);
      const held = seqsOf(await store.run(allEvents()));
      expect(held).toEqual(range(after.minSeq, 55));
      expect(held.length).toBeGreaterThanOrEqual(15);
    });
  });
};
