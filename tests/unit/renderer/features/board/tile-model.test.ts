import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  finishedLingerMs,
  needsAttention,
  sameShown,
  testingWindowMs,
  tileModel,
  wallEntries,
} from "../../../../../renderer/src/features/board/tile-model.ts";
import { applyEvents, emptyLiveState, type RunEntry } from "../../../../../renderer/src/shared/live/live-state.ts";
import type { ProgressPoint } from "../../../../../renderer/src/shared/live/progress-series.ts";
import {
  liveEventsOf,
  type RunStatus,
  type TestItem,
  type TestRunDetail,
} from "../../../../../renderer/src/shared/live/wire.ts";
import { baseTime, iso, makeItem, makeRun, received, wire } from "../../support/live-fixtures.ts";

const minute = 60_000;
const now = baseTime + 120 * minute;

/** The run entries a page would hold after a snapshot of these runs. */
const entriesOf = (runs: ReadonlyArray<TestRunDetail>): ReadonlyMap<string, RunEntry> =>
  applyEvents(emptyLiveState, liveEventsOf(received(wire(1, "snapshot", "", { runs })))).runs;

const entryOf = (run: TestRunDetail, series?: ReadonlyArray<ProgressPoint>): RunEntry => {
  const entry = entriesOf([run]).get(run.id);
  if (entry === undefined) throw new Error("run missing");
  return series === undefined ? entry : { ...entry, series };
};

const ago = (minutes: number) => iso(now - minutes * minute);

describe("tileModel", () => {
  it("lists the newest failures first, at most as many as asked", () => {
    const items = [1, 2, 3, 4, 5].map((n) =>
      makeItem(`f${n}`, { status: "failed", title: `Failure ${n}`, updatedAt: ago(10 - n) }),
    );
    const model = tileModel(entryOf(makeRun("r", [...items, makeItem("p", { status: "passed" })])), now, 3);
    expect(model.failures.map((failure) => failure.title)).toEqual(["Failure 5", "Failure 4", "Failure 3"]);
    expect(tileModel(entryOf(makeRun("r", items)), now, 1).failures).toHaveLength(1);
  });

  it("shows progress, pass rate and the attention marker from the counts", () => {
    const items = [
      makeItem("a", { status: "passed" }),
      makeItem("b", { status: "failed" }),
      makeItem("c"),
      makeItem("d", { status: "passed" }),
    ];
    const model = tileModel(entryOf(makeRun("r", items, { labels: { build: "2.4.1", bench: "A" } })), now, 3);
    expect(model.progress).toBe(0.75);
    expect(model.passRate).toBeCloseTo(2 / 3);
    expect(model.needsAttention).toBe(true);
    // Each key and value sits in its own bidi isolate (U+2068…U+2069), invisible on screen.
    expect(model.labels.replace(/[\u2068\u2069]/g, "")).toBe("build 2.4.1 · bench A");
  });

  it("names who is testing: recent results and open items held, newest first", () => {
    const items = [
      makeItem("a", { status: "passed", updatedBy: "Ken", updatedAt: ago(5) }),
      makeItem("b", { status: "passed", updatedBy: "Old", updatedAt: ago(testingWindowMs / minute + 1) }),
      makeItem("c", { assignee: "Aiko", updatedAt: ago(2) }),
      makeItem("d", { status: "passed", assignee: "Done", updatedAt: ago(60) }),
    ];
    expect(tileModel(entryOf(makeRun("r", items)), now, 3).testers).toEqual(["Aiko", "Ken"]);
  });

  it("estimates the finish from the run's own recent throughput", () => {
    // 60 items, 30 done; 20 of them in the last 20 minutes: one a minute, so 30 minutes to go.
    const items = Array.from({ length: 60 }, (_, i) => makeItem(`i${i}`, { status: i < 30 ? "passed" : "untested" }));
    const steady: ProgressPoint[] = [
      { seq: 1, at: now - 20 * minute, done: 10, failed: 0, total: 60 },
      { seq: 2, at: now - 10 * minute, done: 20, failed: 0, total: 60 },
      { seq: 3, at: now, done: 30, failed: 0, total: 60 },
    ];
    const slow: ProgressPoint[] = steady.map((point, i) => ({ ...point, done: 27 + i }));
    const fast = tileModel(entryOf(makeRun("fast", items), steady), now, 3);
    const slower = tileModel(entryOf(makeRun("slow", items), slow), now, 3);
    expect(fast.eta).toBe(now + 30 * minute);
    expect(slower.eta).toBe(now + 300 * minute);
  });

  it("gives no ETA for a finished run or one without recent progress", () => {
    const items = [makeItem("a", { status: "passed" }), makeItem("b")];
    const moving: ProgressPoint[] = [3, 2, 1].map((i) => ({
      seq: i,
      at: now - i * minute,
      done: 3 - i,
      failed: 0,
      total: 4,
    }));
    const stuck: ProgressPoint[] = moving.map((point) => ({ ...point, done: 1 }));
    const hourAgo: ProgressPoint[] = moving.map((point) => ({ ...point, at: point.at - 60 * minute }));
    expect(tileModel(entryOf(makeRun("r", items), moving), now, 3).eta).not.toBeNull();
    expect(tileModel(entryOf(makeRun("r", items, { status: "completed" }), moving), now, 3).eta).toBeNull();
    expect(tileModel(entryOf(makeRun("r", items), stuck), now, 3).eta).toBeNull();
    expect(tileModel(entryOf(makeRun("r", items), hourAgo), now, 3).eta).toBeNull();
    expect(tileModel(entryOf(makeRun("r", items), []), now, 3).eta).toBeNull();
  });
});

describe("wallEntries", () => {
  const run = (
    id: string,
    status: RunStatus,
    items: ReadonlyArray<TestItem>,
    createdMinutesAgo: number,
    completedMinutesAgo: number | null = null,
  ) =>
    makeRun(id, items, {
      status,
      createdAt: ago(createdMinutesAgo),
      completedAt: completedMinutesAgo === null ? null : ago(completedMinutesAgo),
      updatedAt: ago(completedMinutesAgo ?? 0),
    });
  const failing = [makeItem("x", { status: "failed" })];
  const blocked = [makeItem("x", { status: "blocked" })];
  const clean = [makeItem("x", { status: "passed" })];

  it("orders by what needs a person: failing, blocked, running, paused, finished (newest finished first)", () => {
    const runs = entriesOf([
      run("old-clean", "running", clean, 50),
      run("new-clean", "running", clean, 10),
      run("finished-failing", "completed", failing, 90, 20),
      run("new-blocked", "running", blocked, 5),
      run("finished-clean", "completed", clean, 100, 10),
      run("old-failing", "paused", failing, 60),
      run("paused-clean", "paused", clean, 70),
    ]);
    expect(wallEntries(runs, null, now).map((entry) => entry.run.id)).toEqual([
      "old-failing",
      "new-blocked",
      "old-clean",
      "new-clean",
      "paused-clean",
      "finished-clean",
      "finished-failing",
    ]);
  });

  it("puts many failures before few, and a high failure rate before a low one", () => {
    const many = Array.from({ length: 27 }, (_, i) => makeItem(`f${i}`, { status: "failed" }));
    const fewLowRate = [
      makeItem("x", { status: "failed" }),
      ...Array.from({ length: 40 }, (_, i) => makeItem(`p${i}`, { status: "passed" })),
    ];
    const fewHighRate = [makeItem("x", { status: "failed" }), makeItem("p", { status: "passed" })];
    const runs = entriesOf([
      run("one-blocked", "running", blocked, 90),
      run("few-low", "running", fewLowRate, 80),
      run("few-high", "running", fewHighRate, 70),
      run("many", "running", many, 10),
    ]);
    expect(wallEntries(runs, null, now).map((entry) => entry.run.id)).toEqual([
      "many",
      "few-high",
      "few-low",
      "one-blocked",
    ]);
  });

  it("shows runs that finished within the hour, not older ones, unless they were asked for", () => {
    const runs = entriesOf([
      run("recent", "completed", clean, 200, finishedLingerMs / minute - 1),
      run("old", "aborted", clean, 300, finishedLingerMs / minute + 1),
    ]);
    expect(wallEntries(runs, null, now).map((entry) => entry.run.id)).toEqual(["recent"]);
    expect(wallEntries(runs, ["old", "recent", "unknown"], now).map((entry) => entry.run.id)).toEqual([
      "old",
      "recent",
    ]);
  });

  it("keeps the asked order among equals, and still puts failures first", () => {
    const runs = entriesOf([
      run("a", "running", clean, 1),
      run("b", "running", clean, 2),
      run("c", "running", failing, 3),
    ]);
    expect(wallEntries(runs, ["b", "a", "c"], now).map((entry) => entry.run.id)).toEqual(["c", "b", "a"]);
  });

  it("always sorts failing, then blocked, then clean active runs, then finished ones, in a stable order", () => {
    const statusArb = fc.constantFrom<RunStatus>("planned", "running", "paused", "completed", "aborted");
    const resultArb = fc.constantFrom<TestItem["status"]>("passed", "failed", "blocked", "untested");
    fc.assert(
      fc.property(fc.array(fc.tuple(statusArb, resultArb, fc.nat(500)), { maxLength: 30 }), (specs) => {
        const runs = entriesOf(
          specs.map(([status, result, created], i) =>
            run(
              `r${i}`,
              status,
              [makeItem("x", { status: result })],
              created,
              status === "completed" || status === "aborted" ? 5 : null,
            ),
          ),
        );
        const shown = wallEntries(runs, null, now);
        const rank = (entry: RunEntry) => {
          const finished = entry.run.status === "completed" || entry.run.status === "aborted";
          if (finished) return 3;
          if (entry.run.counts.failed > 0) return 0;
          return needsAttention(entry.run.counts) ? 1 : 2;
        };
        const ranks = shown.map(rank);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        expect(wallEntries(runs, null, now).map((entry) => entry.run.id)).toEqual(shown.map((entry) => entry.run.id));
        expect(shown).toHaveLength(specs.length);
      }),
    );
  });
});

describe("sameShown", () => {
  const model = tileModel(entryOf(makeRun("r", [makeItem("a", { status: "passed" }), makeItem("b")])), now, 3);
  const at = (ms: number) => ({ ...model, eta: ms });
  const sixteenForty = Date.parse("2026-11-29T16:40:00.000Z");

  it("takes ETAs within one minute for the same (boards show it to the minute)", () => {
    expect(sameShown(at(sixteenForty + 5_000), at(sixteenForty + 59_999))).toBe(true);
    expect(sameShown(at(sixteenForty - 1), at(sixteenForty))).toBe(false);
    expect(sameShown({ ...model, eta: null }, at(sixteenForty))).toBe(false);
    expect(sameShown({ ...model, eta: null }, { ...model, eta: null })).toBe(true);
  });

  it("tells apart models whose counts differ", () => {
    expect(sameShown(model, { ...model, counts: { ...model.counts, passed: model.counts.passed + 1 } })).toBe(false);
  });
});
