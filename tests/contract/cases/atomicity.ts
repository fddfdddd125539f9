import { Effect, Exit, Result } from "effect";
import { describe, expect, it } from "vitest";
import type { TestRunRepository } from "../../../server/application/ports/test-run-repository.ts";
import { InvalidTransition, NotFound, VersionConflict } from "../../../server/domain/errors.ts";
import { draftEvent } from "../../../server/domain/events.ts";
import { type Change, decided, needsAllItems } from "../../../server/domain/write-model/decision.ts";
import { type RunState, runSummaryOf } from "../../../server/domain/write-model/state.ts";
import { seqsOf } from "../support/recording-sink.ts";
import type { Store } from "../support/store-harness.ts";
import { failureOf, isDefect, observe } from "../support/outcomes.ts";
import {
  allEvents,
  createRun,
  itemIdOf,
  range,
  renameRun,
  setRunStatus,
  T0,
  updateItem,
  withRepo,
} from "../support/writes.ts";

type Breakage = "duplicate item" | "missing item" | "throws";

/**
 * A write that renames its run and logs it, then makes a change the store cannot save: an item
 * with the id of one it already holds, or a save of an item that is not there; or whose decision
 * throws. Whatever it did before the failure must be undone.
 */
const brokenWrite = (runId: string, breakage: Breakage) =>
  withRepo((repo) =>
    repo.write(needsAllItems(runId), (loaded) => {
      const run = loaded.run;
      const first = loaded.items[0];
      if (run === undefined || first === undefined) return Result.fail(new NotFound({ entity: "run", id: runId }));
      if (breakage === "throws") throw new Error("a decision with a bug");
      const renamed: RunState = { ...run, name: `${run.name} (renamed)`, version: run.version + 1, updatedAt: T0 + 1 };
      const clash: Change =
        breakage === "duplicate item"
          ? { _tag: "ItemsInserted", items: [{ ...first, position: run.nextPosition }] }
          : { _tag: "ItemSaved", item: { ...first, id: `${runId}.no-such-item`, version: first.version + 1 } };
      const summary = runSummaryOf(renamed);
      return decided(
        summary,
        [{ _tag: "RunSaved", run: renamed }, clash],
        [draftEvent("run_updated", runId, null, { run: summary }, T0 + 1)],
      );
    }),
  );

const breakages: ReadonlyArray<Breakage> = ["duplicate item", "missing item", "throws"];

export const atomicityCases = (store: Store): void => {
  describe("atomicity: a write commits whole or not at all", () => {
    it("a failing decision changes nothing, appends no event and fails with its error", async () => {
      await store.run(createRun("a", 3));
      await store.run(updateItem("a", 0, { status: "passed" }));
      const before = await store.run(observe("a"));
      const delivered = store.sink.delivered().length;

      const unknownItem = await store.exit(updateItem("a", 7, { status: "failed" }));
      expect(failureOf(unknownItem)).toEqual(new NotFound({ entity: "item", id: itemIdOf("a", 7) }));
      const stale = await store.exit(updateItem("a", 0, { status: "failed" }, { expectedVersion: 1 }));
      expect(failureOf(stale)).toBeInstanceOf(VersionConflict);
      const backwards = await store.exit(setRunStatus("a", "planned"));
      expect(failureOf(backwards)).toBeInstanceOf(InvalidTransition);
      const noRun = await store.exit(renameRun("nobody", "x"));
      expect(failureOf(noRun)).toEqual(new NotFound({ entity: "run", id: "nobody" }));

      expect(await store.run(observe("a"))).toEqual(before);
      expect(store.sink.delivered()).toHaveLength(delivered);
    });

    it("a decision that changes nothing appends nothing", async () => {
      await store.run(createRun("a", 1));
      const before = await store.run(observe("a"));
      const same = await store.run(setRunStatus("a", "planned"));
      expect(same.events).toEqual([]);
      expect(await store.run(observe("a"))).toEqual(before);
    });

    it("failing decisions among concurrent writes fail alone; the others commit with gap-free seqs", async () => {
      await store.run(createRun("a", 30));
      const writes = range(0, 29).map((i) =>
        (i % 3 === 2
          ? updateItem("a", 100 + i, { status: "passed" })
          : updateItem("a", i, { status: "passed", note: `n${i}` })
        ).pipe(Effect.exit),
      );
      const exits = await store.run(Effect.all(writes, { concurrency: "unbounded" }));
      expect(exits.filter(Exit.isSuccess)).toHaveLength(20);
      for (const exit of exits.filter(Exit.isFailure)) expect(failureOf(exit)).toBeInstanceOf(NotFound);
      const run = await store.run(withRepo((repo) => repo.getRun("a")));
      expect(run.counts.passed).toBe(20);
      expect(run.items.filter((item) => item.note !== null).map((item) => item.position)).toEqual(
        range(0, 29).filter((i) => i % 3 !== 2),
      );
      // run_created, status_changed, and 20 item_updated.
      expect(seqsOf(await store.run(allEvents()))).toEqual(range(1, 22));
    });

    it.each(breakages)("a write whose save fails (%s) is a defect and leaves no trace", async (breakage) => {
      await store.run(createRun("a", 2));
      const before = await store.run(observe("a"));
      const delivered = store.sink.delivered().length;

      const exit = await store.exit(brokenWrite("a", breakage));
      expect(isDefect(exit)).toBe(true);
      expect(await store.run(observe("a"))).toEqual(before);
      expect(store.sink.delivered()).toHaveLength(delivered);
      // Nothing of it took a seq: the next write gets the next one.
      const next = await store.run(updateItem("a", 1, { status: "passed" }));
      expect(seqsOf(next.events)).toEqual([2, 3]);
    });

    it("a write whose save fails among concurrent writes fails alone; the others commit", async () => {
      await store.run(createRun("a", 2));
      await store.run(createRun("b", 24));
      const before = await store.run(observe("a"));
      const writes: Array<Effect.Effect<Exit.Exit<unknown, unknown>, never, TestRunRepository>> = range(0, 23).map(
        (i) => updateItem("b", i, { status: "passed" }).pipe(Effect.exit),
      );
      // One broken write after every eighth good one.
      breakages.forEach((breakage, k) => {
        writes.splice(9 * k + 8, 0, brokenWrite("a", breakage).pipe(Effect.exit));
      });
      const exits = await store.run(Effect.all(writes, { concurrency: "unbounded" }));
      expect(exits.filter(isDefect)).toHaveLength(3);
      expect(exits.filter(Exit.isSuccess)).toHaveLength(24);
      expect((await store.run(withRepo((repo) => repo.getRunSummary("b")))).counts.passed).toBe(24);
      const after = await store.run(observe("a"));
      expect(after.snapshot.runs).toEqual(before.snapshot.runs);
      // 2 run_created, b's status_changed and 24 item_updated: none of a's renames.
      const log = await store.run(allEvents());
      expect(seqsOf(log)).toEqual(range(1, 27));
      expect(log.filter((event) => event.testRunId === "a").map((event) => event.type)).toEqual(["run_created"]);
      expect(store.sink.delivered()).toEqual(log);
    });
  });
};
