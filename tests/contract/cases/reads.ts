import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { NotFound } from "../../../server/domain/errors.ts";
import { decided, type Loaded, type Needs, needsItems } from "../../../server/domain/write-model/decision.ts";
import type { Store } from "../support/store-harness.ts";
import { failureOf } from "../support/outcomes.ts";
import {
  addComment,
  addItems,
  allEvents,
  createRun,
  deleteRun,
  everyRun,
  itemIdOf,
  minutes,
  newItem,
  onlyRuns,
  range,
  recordResults,
  setRunStatus,
  updateItem,
  withRepo,
} from "../support/writes.ts";

/** What `write` loads for `needs`, seen by a decision that then changes nothing. */
const loadedFor = (needs: Needs) =>
  withRepo((repo) => repo.write(needs, (loaded: Loaded) => decided(loaded, [], []))).pipe(
    Effect.map((committed) => committed.value),
  );

const positions = (items: ReadonlyArray<{ readonly position: number }>) => items.map((item) => item.position);

export const readCases = (store: Store): void => {
  describe("reads: runs, items, comments and walls", () => {
    it("getRun gives the run with its items in position order, however they were added", async () => {
      await store.run(createRun("a", 3));
      await store.run(addItems("a", [newItem("a", 3), newItem("a", 4)]));
      await store.run(
        recordResults("a", [
          { match: { key: "a.key-1", create: null }, patch: { status: "passed" } },
          { match: { key: "new-key", create: { ...newItem("a", 5), key: "new-key" } }, patch: { status: "failed" } },
        ]),
      );
      const run = await store.run(withRepo((repo) => repo.getRun("a")));
      expect(run.items.map((item) => item.id)).toEqual(range(0, 5).map((i) => itemIdOf("a", i)));
      expect(positions(run.items)).toEqual(range(0, 5));
      expect(run.counts).toEqual({ total: 6, untested: 4, passed: 1, failed: 1, blocked: 0, skipped: 0, retest: 0 });
      const { items: _, ...summary } = run;
      expect(await store.run(withRepo((repo) => repo.getRunSummary("a")))).toEqual(summary);
      expect(await store.run(withRepo((repo) => repo.snapshot(onlyRuns("a"), minutes(0))))).toEqual({
        seq: 3,
        runs: [run],
      });
    });

    it("getRun, getRunSummary and listComments fail with NotFound for an unknown run", async () => {
      await store.run(createRun("a", 1));
      const missing = new NotFound({ entity: "run", id: "nobody" });
      expect(failureOf(await store.exit(withRepo((repo) => repo.getRun("nobody"))))).toEqual(missing);
      expect(failureOf(await store.exit(withRepo((repo) => repo.getRunSummary("nobody"))))).toEqual(missing);
      expect(failureOf(await store.exit(withRepo((repo) => repo.listComments("nobody", 10))))).toEqual(missing);
    });

    it("write loads the run and, of the items named, those of that run only, once each, in position order", async () => {
      await store.run(createRun("a", 4));
      await store.run(createRun("b", 2));
      const named = [
        itemIdOf("a", 3),
        itemIdOf("a", 0),
        itemIdOf("b", 1),
        "nothing",
        itemIdOf("a", 2),
        itemIdOf("a", 0),
      ];
      const some = await store.run(loadedFor(needsItems("a", named)));
      expect(some.run?.id).toBe("a");
      expect(some.items.map((item) => item.id)).toEqual([0, 2, 3].map((i) => itemIdOf("a", i)));
      const all = await store.run(loadedFor({ runId: "a", items: "all" }));
      expect(positions(all.items)).toEqual(range(0, 3));
      expect(await store.run(loadedFor({ runId: "a", items: "none" }))).toMatchObject({ items: [] });
      expect(await store.run(loadedFor({ runId: "nobody", items: "all" }))).toEqual({ run: undefined, items: [] });
    });

    it("listRuns lists newest first, by status, up to the limit", async () => {
      for (const [n, id] of ["first", "second", "third", "fourth"].entries()) {
        await store.run(createRun(id, 1, minutes(n)));
      }
      await store.run(setRunStatus("second", "running", minutes(10)));
      await store.run(setRunStatus("fourth", "running", minutes(11)));
      const list = async (status: "planned" | "running" | undefined, limit: number) =>
        (await store.run(withRepo((repo) => repo.listRuns(status === undefined ? { limit } : { status, limit })))).map(
          (run) => run.id,
        );
      expect(await list(undefined, 10)).toEqual(["fourth", "third", "second", "first"]);
      expect(await list(undefined, 2)).toEqual(["fourth", "third"]);
      expect(await list("running", 10)).toEqual(["fourth", "second"]);
      expect(await list("planned", 1)).toEqual(["third"]);
    });

    it("listComments lists a run's comments newest first, up to the limit", async () => {
      await store.run(createRun("a", 1));
      await store.run(createRun("b", 1));
      for (const n of range(1, 4)) await store.run(addComment("a", `a${n}`, `on a ${n}`, minutes(n)));
      await store.run(addComment("b", "b1", "on b", minutes(9)));
      const ids = async (runId: string, limit: number) =>
        (await store.run(withRepo((repo) => repo.listComments(runId, limit)))).map((comment) => comment.id);
      expect(await ids("a", 10)).toEqual(["a4", "a3", "a2", "a1"]);
      expect(await ids("a", 2)).toEqual(["a4", "a3"]);
      expect(await ids("b", 10)).toEqual(["b1"]);
      const [newest] = await store.run(withRepo((repo) => repo.listComments("a", 1)));
      expect(newest).toEqual({
        id: "a4",
        runId: "a",
        itemId: null,
        author: "Ana",
        body: "on a 4",
        createdAt: new Date(minutes(4)).toISOString(),
      });
    });

    it("wallSnapshot shows counts, newest failures first, recent testers and the last activity", async () => {
      await store.run(createRun("a", 4, minutes(0)));
      await store.run(updateItem("a", 0, { status: "failed" }, { actor: "Ana", now: minutes(1) }));
      await store.run(updateItem("a", 1, { status: "failed" }, { actor: "Ben", now: minutes(2) }));
      await store.run(updateItem("a", 2, { status: "passed" }, { actor: "Ana", now: minutes(3) }));
      const wall = await store.run(withRepo((repo) => repo.wallSnapshot(onlyRuns("a"), minutes(4))));
      const [run] = wall.runs;
      expect(wall.seq).toBe(5);
      expect(run?.counts).toMatchObject({ total: 4, untested: 1, passed: 1, failed: 2 });
      expect(run?.failures.map((failure) => [failure.id, failure.by, failure.at])).toEqual([
        [itemIdOf("a", 1), "Ben", minutes(2)],
        [itemIdOf("a", 0), "Ana", minutes(1)],
      ]);
      expect(run?.testers).toEqual([
        { name: "Ana", at: minutes(3) },
        { name: "Ben", at: minutes(2) },
      ]);
      expect(run?.lastActivityAt).toBe(minutes(3));
      expect(run?.progress.at(-1)).toMatchObject({ done: 3, failed: 2 });
      const later = await store.run(withRepo((repo) => repo.wallSnapshot(onlyRuns("a"), minutes(120))));
      expect(later.runs[0]?.testers).toEqual([]);
    });

    it("wallSnapshot marks the progress slice that held a bulk import with its results, and no other", async () => {
      await store.run(createRun("a", 40, minutes(0)));
      await store.run(updateItem("a", 0, { status: "passed" }, { actor: "Ana", now: minutes(5) }));
      await store.run(updateItem("a", 1, { status: "passed" }, { actor: "Ana", now: minutes(6) }));
      // A CI job's 30 results, recorded at one instant.
      await store.run(
        recordResults(
          "a",
          range(10, 39).map((index) => ({
            match: { key: `a.key-${index}`, create: null },
            patch: { status: "passed" },
          })),
          minutes(10),
        ),
      );
      await store.run(updateItem("a", 2, { status: "failed" }, { actor: "Ben", now: minutes(11) }));
      await store.run(updateItem("a", 3, { status: "passed" }, { actor: "Ben", now: minutes(12) }));
      const wall = await store.run(withRepo((repo) => repo.wallSnapshot(onlyRuns("a"), minutes(13))));
      // The window's 2.5-minute slices: minute 5, minute 6, the import, minutes 11 and 12.
      expect(wall.runs[0]?.progress).toEqual([
        { at: minutes(5), done: 1, failed: 0 },
        { at: minutes(6), done: 2, failed: 0 },
        { at: minutes(10), done: 32, failed: 0, results: 30 },
        { at: minutes(12), done: 34, failed: 1 },
      ]);
    });

    it("deleteRun takes the run, its items and comments, and leaves its events in the log", async () => {
      await store.run(createRun("a", 2));
      await store.run(createRun("b", 1));
      await store.run(addComment("a", "a1", "gone soon"));
      await store.run(updateItem("a", 0, { status: "passed" }));
      const before = await store.run(allEvents(onlyRuns("a")));
      await store.run(deleteRun("a"));

      const missing = new NotFound({ entity: "run", id: "a" });
      expect(failureOf(await store.exit(withRepo((repo) => repo.getRun("a"))))).toEqual(missing);
      expect(failureOf(await store.exit(withRepo((repo) => repo.listComments("a", 10))))).toEqual(missing);
      expect(failureOf(await store.exit(deleteRun("a")))).toEqual(missing);
      expect(await store.run(loadedFor({ runId: "a", items: "all" }))).toEqual({ run: undefined, items: [] });
      const board = await store.run(withRepo((repo) => repo.snapshot(everyRun, minutes(0))));
      expect(board.runs.map((run) => run.id)).toEqual(["b"]);
      expect((await store.run(withRepo((repo) => repo.listRuns({ limit: 10 })))).map((run) => run.id)).toEqual(["b"]);

      const log = await store.run(allEvents(onlyRuns("a")));
      expect(log.slice(0, -1)).toEqual(before);
      expect(log.at(-1)).toMatchObject({ type: "run_deleted", testRunId: "a", data: { id: "a" } });
      // Its ids are free again: nothing of it is left behind.
      await store.run(createRun("a", 2));
      const again = await store.run(withRepo((repo) => repo.getRun("a")));
      expect(again.items.every((item) => item.status === "untested")).toBe(true);
      expect(await store.run(withRepo((repo) => repo.listComments("a", 10)))).toEqual([]);
    });
  });
};
