import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import type { Snapshot, WallSnapshot } from "../../../server/application/ports/test-run-repository.ts";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";
import type { Store } from "../support/store-harness.ts";
import {
  allEvents,
  createRun,
  everyRun,
  hours,
  itemIdOf,
  onlyRuns,
  range,
  setRunStatus,
  T0,
  updateItem,
  withRepo,
} from "../support/writes.ts";

const runs = ["s1", "s2"];
const itemsPerRun = 40;

/** The items an event marks as passed. */
const passedBy = (event: StreamEvent): string[] =>
  event.type === "item_updated" && event.data.item.status === "passed" ? [event.data.item.id] : [];

const total = runs.length * itemsPerRun;
const lanes = 4;

/**
 * Every item of two runs passed, each by its own write, in four lanes of writes that each wait
 * for the one before and then yield (so they commit over many turns), while snapshots and wall
 * snapshots are taken one after another until the last write is in.
 */
const racingSnapshots = Effect.gen(function* () {
  for (const id of runs) yield* createRun(id, itemsPerRun);
  let writing = true;
  const lane = (first: number) =>
    Effect.forEach(
      range(0, total / lanes - 1).map((k) => first + k * lanes),
      (n) =>
        Effect.yieldNow.pipe(
          Effect.andThen(updateItem(runs[n % runs.length] ?? "s1", Math.floor(n / runs.length), { status: "passed" })),
        ),
      { discard: true },
    );
  const writes = Effect.all(range(0, lanes - 1).map(lane), { concurrency: "unbounded" }).pipe(
    Effect.ensuring(
      Effect.sync(() => {
        writing = false;
      }),
    ),
  );
  const snapshots: Snapshot[] = [];
  const walls: WallSnapshot[] = [];
  const watch = withRepo((repo) =>
    Effect.gen(function* () {
      while (writing) {
        snapshots.push(yield* repo.snapshot(onlyRuns(...runs), T0));
        walls.push(yield* repo.wallSnapshot(onlyRuns(...runs), T0));
        yield* Effect.yieldNow;
      }
    }),
  );
  yield* Effect.all([watch, writes], { concurrency: "unbounded" });
  return { snapshots, walls, log: yield* allEvents() };
});

export const snapshotCases = (store: Store): void => {
  describe("snapshots: the state at a seq, and the events after it, never overlap or miss", () => {
    it("a snapshot's seq is the newest seq whose effects it shows", async () => {
      await store.run(createRun("a", 3));
      await store.run(updateItem("a", 1, { status: "failed" }));
      const snapshot = await store.run(withRepo((repo) => repo.snapshot(onlyRuns("a"), T0)));
      expect(snapshot.seq).toBe(3);
      expect(snapshot.runs[0]?.counts.failed).toBe(1);
      expect(snapshot.runs[0]?.items.map((item) => item.id)).toEqual(range(0, 2).map((i) => itemIdOf("a", i)));
      const wall = await store.run(withRepo((repo) => repo.wallSnapshot(onlyRuns("a"), T0)));
      expect(wall.seq).toBe(3);
      expect(wall.runs[0]?.counts).toEqual(snapshot.runs[0]?.counts);
    });

    it("with writes racing, a snapshot plus the events after its seq is exactly the final state", async () => {
      const { snapshots, walls, log } = await store.run(racingSnapshots);
      const seqs = new Set(snapshots.map((snapshot) => snapshot.seq));
      // The race was a race: snapshots saw the writes half done, at several points.
      expect(seqs.size).toBeGreaterThan(2);
      for (const snapshot of snapshots) {
        const shown = snapshot.runs.flatMap((run) =>
          run.items.filter((item) => item.status === "passed").map((item) => item.id),
        );
        const replayed = log.filter((event) => event.seq > snapshot.seq).flatMap(passedBy);
        const before = log.filter((event) => event.seq <= snapshot.seq).flatMap(passedBy);
        // Nothing double-applied, nothing missed.
        expect(new Set([...shown, ...replayed]).size).toBe(total);
        expect(shown.length + replayed.length).toBe(total);
        expect(new Set(shown)).toEqual(new Set(before));
        const counted = snapshot.runs.reduce((sum, run) => sum + run.counts.passed, 0);
        expect(counted).toBe(shown.length);
      }
      for (const wall of walls) {
        const counted = wall.runs.reduce((sum, run) => sum + run.counts.passed, 0);
        const replayed = log.filter((event) => event.seq > wall.seq).flatMap(passedBy);
        expect(counted + replayed.length).toBe(total);
      }
    });

    it("selects the named runs, or with none named the board: active runs and those finished within 24 h", async () => {
      const now = hours(48);
      await store.run(createRun("planned", 1, hours(0)));
      await store.run(createRun("old-running", 1, hours(0)));
      await store.run(setRunStatus("old-running", "running", hours(1)));
      for (const [id, finishedAt, status] of [
        ["done-recently", hours(25), "completed"],
        ["done-long-ago", hours(23), "completed"],
        ["aborted-long-ago", hours(10), "aborted"],
        ["aborted-recently", hours(47), "aborted"],
      ] as const) {
        await store.run(createRun(id, 1, hours(0)));
        await store.run(setRunStatus(id, "running", hours(1)));
        await store.run(setRunStatus(id, status, finishedAt));
      }
      const ids = async (selection = everyRun) =>
        (await store.run(withRepo((repo) => repo.snapshot(selection, now)))).runs.map((run) => run.id).sort();
      const wallIds = async (selection = everyRun) =>
        (await store.run(withRepo((repo) => repo.wallSnapshot(selection, now)))).runs.map((run) => run.id).sort();
      const board = ["aborted-recently", "done-recently", "old-running", "planned"];
      expect(await ids()).toEqual(board);
      expect(await wallIds()).toEqual(board);
      expect(await ids(onlyRuns("done-long-ago", "planned", "nobody"))).toEqual(["done-long-ago", "planned"]);
      expect(await wallIds(onlyRuns("aborted-long-ago"))).toEqual(["aborted-long-ago"]);
      expect(await ids(onlyRuns())).toEqual([]);
      expect(await wallIds(onlyRuns())).toEqual([]);
    });
  });
};
