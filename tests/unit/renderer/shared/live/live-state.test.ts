import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { activityLimits } from "../../../../../renderer/src/shared/live/activity.ts";
import {
  applyEvents,
  emptyLiveState,
  type LiveState,
  pruneFinished,
} from "../../../../../renderer/src/shared/live/live-state.ts";
import { seriesLimits } from "../../../../../renderer/src/shared/live/progress-series.ts";
import { tileModel } from "../../../../../renderer/src/features/board/tile-model.ts";
import {
  type ItemStatus,
  liveEventsOf,
  type RunStatus,
  type TestItem,
  type TestRunDetail,
  type WireEvent,
} from "../../../../../renderer/src/shared/live/wire.ts";
import {
  allStatuses,
  baseTime,
  countsOf,
  iso,
  itemChange,
  makeComment,
  makeItem,
  makeRun,
  makeWallRun,
  received,
  resultPart,
  summaryOf,
  wire,
} from "../../support/live-fixtures.ts";

/** Applies events already received (decoded as a page decodes them). */
const reduce = (state: LiveState, events: ReadonlyArray<WireEvent>): LiveState =>
  applyEvents(state, events.flatMap(liveEventsOf));

/** Applies events as a page does: each received (JSON, the contract's decoder), then reduced. */
const apply = (state: LiveState, ...events: ReadonlyArray<WireEvent>): LiveState => reduce(state, events.map(received));

const snapshot = (
  seq: number,
  runs: ReadonlyArray<TestRunDetail>,
  type: "snapshot" | "reset" = "snapshot",
): WireEvent => wire(seq, type, "", { runs });

const itemUpdated = (
  seq: number,
  item: TestItem,
  runItems: ReadonlyArray<TestItem>,
  previousStatus: ItemStatus = "untested",
): WireEvent => wire(seq, "item_updated", item.runId, itemChange(item, runItems, previousStatus));

const twoItems = [makeItem("a", { position: 0 }), makeItem("b", { position: 1 })];
const started = (): LiveState => apply(emptyLiveState, snapshot(10, [makeRun("run-1", twoItems)]));

const entryOf = (state: LiveState, runId = "run-1") => {
  const entry = state.runs.get(runId);
  if (entry === undefined) throw new Error(`no run ${runId} in the state`);
  return entry;
};

describe("live state: snapshot and reset", () => {
  it("a snapshot replaces every run and marks the state ready", () => {
    const first = apply(emptyLiveState, snapshot(10, [makeRun("run-1", twoItems), makeRun("run-2", [])]));
    expect(first.ready).toBe(true);
    expect(first.lastSeq).toBe(10);
    expect(first.generation).toBe(1);
    expect([...first.runs.keys()]).toEqual(["run-1", "run-2"]);
    expect(entryOf(first).items.get("a")?.title).toBe("Item a");

    const second = apply(first, snapshot(20, [makeRun("run-3", [makeItem("z", { runId: "run-3" })])]));
    expect([...second.runs.keys()]).toEqual(["run-3"]);
    expect(second.generation).toBe(2);
    expect(second.lastSeq).toBe(20);
  });

  it("a reset replaces the state even when its seq is lower (a restored server), and later events apply", () => {
    const before = apply(started(), itemUpdated(11, makeItem("a", { status: "passed", version: 2 }), twoItems));
    const reset = apply(before, snapshot(5, [makeRun("run-9", [makeItem("x", { runId: "run-9" })])], "reset"));
    expect([...reset.runs.keys()]).toEqual(["run-9"]);
    expect(reset.lastSeq).toBe(5);
    expect(reset.generation).toBe(before.generation + 1);
    const x = makeItem("x", { runId: "run-9", status: "failed", version: 2 });
    const after = apply(reset, itemUpdated(6, x, [x]));
    expect(entryOf(after, "run-9").items.get("x")?.status).toBe("failed");
    expect(after.lastSeq).toBe(6);
  });

  it("a snapshot derives the last activity from the items' times", () => {
    const items = [
      makeItem("a", { status: "passed", updatedAt: iso(baseTime + 5_000), updatedBy: "Ken" }),
      makeItem("b", { updatedAt: iso(baseTime + 9_000) }),
    ];
    const state = apply(emptyLiveState, snapshot(1, [makeRun("run-1", items)]));
    // b is untested and untouched by anybody: it is no activity.
    expect(entryOf(state).lastActivityAt).toBe(baseTime + 5_000);
  });
});

describe("live state: events", () => {
  it("item_updated stores the item and takes the run's counts from the event, not from a recount", () => {
    const passed = makeItem("a", { status: "passed", version: 2, updatedBy: "Ken" });
    // The run has 300 items; this page only knows two of them. The event's counts are the truth.
    const counts = { total: 300, untested: 250, passed: 40, failed: 5, blocked: 2, skipped: 3, retest: 0 };
    const state = apply(
      started(),
      wire(11, "item_updated", "run-1", { item: passed, counts, previousStatus: "untested" }),
    );
    const entry = entryOf(state);
    expect(entry.items.get("a")).toEqual(passed);
    expect(entry.run.counts).toEqual(counts);
    expect(entry.lastActivityAt).toBe(baseTime + 11_000);
    expect(entry.series.at(-1)).toMatchObject({ seq: 11, done: 50, failed: 5, total: 300 });
    expect(state.lastSeq).toBe(11);
    expect(state.activity[0]).toMatchObject({ seq: 11, kind: "result", actor: "Ken", itemId: "a", status: "passed" });
  });

  it("item_updated marks a new failure once, not a failure that stays failed", () => {
    const failed = makeItem("a", { status: "failed", version: 2 });
    const first = apply(started(), itemUpdated(11, failed, twoItems, "untested"));
    expect(entryOf(first).newFailureSeq).toBe(11);
    expect(entryOf(first).newFailureAt).toBe(baseTime + 11_000);
    const noted = makeItem("a", { status: "failed", version: 3, note: "RX low" });
    const second = apply(first, itemUpdated(12, noted, [noted, makeItem("b")], "failed"));
    expect(entryOf(second).newFailureSeq).toBe(11);
  });

  it("item_updated for a run the page does not hold changes nothing but the seq", () => {
    const state = started();
    const stray = makeItem("q", { runId: "run-x", status: "passed" });
    const next = apply(state, itemUpdated(11, stray, [stray]));
    expect(next.runs).toBe(state.runs);
    expect(next.lastSeq).toBe(11);
  });

  it("items_added adds the items and takes the event's counts", () => {
    const added = [makeItem("c", { position: 2 }), makeItem("d", { position: 3 })];
    const counts = countsOf([...twoItems, ...added]);
    const state = apply(started(), wire(11, "items_added", "run-1", { items: added, counts }));
    const entry = entryOf(state);
    expect([...entry.items.keys()]).toEqual(["a", "b", "c", "d"]);
    expect(entry.run.counts).toEqual(counts);
    expect(state.activity[0]).toMatchObject({ kind: "items", count: 2 });
  });

  it("status_changed takes the run's new summary", () => {
    const run = makeRun("run-1", twoItems, { status: "paused", version: 2 });
    const state = apply(
      started(),
      wire(11, "status_changed", "run-1", { status: "paused", previousStatus: "running", run: summaryOf(run) }),
    );
    expect(entryOf(state).run.status).toBe("paused");
    expect(entryOf(state).run.version).toBe(2);
    expect(entryOf(state).items.size).toBe(2);
    expect(state.activity[0]).toMatchObject({ kind: "status", runStatus: "paused", runId: "run-1" });
  });

  it("run_updated renames the run and keeps its items", () => {
    const run = makeRun("run-1", twoItems, { name: "Radio regression", labels: { build: "2.4.1" }, version: 2 });
    const state = apply(started(), wire(11, "run_updated", "run-1", { run: summaryOf(run) }));
    expect(entryOf(state).run.name).toBe("Radio regression");
    expect(entryOf(state).run.labels).toEqual({ build: "2.4.1" });
    expect(entryOf(state).items.size).toBe(2);
  });

  it("run_created adds a run; run_deleted removes it", () => {
    const created = apply(
      started(),
      wire(11, "run_created", "run-2", { run: makeRun("run-2", [makeItem("x", { runId: "run-2" })]) }),
    );
    expect([...created.runs.keys()]).toEqual(["run-1", "run-2"]);
    expect(entryOf(created, "run-2").lastActivityAt).toBe(baseTime + 11_000);
    expect(created.activity[0]).toMatchObject({ kind: "created", count: 1 });
    const deleted = apply(created, wire(12, "run_deleted", "run-2", { id: "run-2" }));
    expect([...deleted.runs.keys()]).toEqual(["run-1"]);
  });

  it("comment_added keeps the comment newest first and names its item in the feed", () => {
    const state = apply(
      started(),
      wire(11, "comment_added", "run-1", {
        comment: makeComment("c1", { itemId: "a", createdAt: iso(baseTime + 11_000) }),
      }),
      wire(12, "comment_added", "run-1", {
        comment: makeComment("c2", { createdAt: iso(baseTime + 12_000), author: "Aiko" }),
      }),
    );
    expect(state.comments.map((comment) => comment.id)).toEqual(["c2", "c1"]);
    expect(entryOf(state).lastActivityAt).toBe(baseTime + 12_000);
    expect(state.activity.map((line) => [line.kind, line.actor, line.title])).toEqual([
      ["comment", "Aiko", null],
      ["comment", "Ken", "Item a"],
    ]);
  });

  it("a batch applies every part under its one seq", () => {
    const a = makeItem("a", { status: "passed", version: 2 });
    const b = makeItem("b", { status: "failed", version: 2 });
    const batch = wire(11, "batch", "run-1", {
      events: [resultPart(itemChange(a, twoItems, "untested")), resultPart(itemChange(b, [a, b], "untested"))],
    });
    const state = apply(started(), batch);
    const entry = entryOf(state);
    expect(entry.items.get("a")?.status).toBe("passed");
    expect(entry.items.get("b")?.status).toBe("failed");
    expect(entry.run.counts).toEqual(countsOf([a, b]));
    expect(state.lastSeq).toBe(11);
  });

  it("a batch is one feed line with its counts, by whoever imported it", () => {
    const items = ["a", "b", "c"].map((id, position) => makeItem(id, { position }));
    const statuses = ["passed", "failed", "passed"] as const;
    const after = items.map((item, index) => ({
      ...item,
      status: statuses[index] ?? "passed",
      updatedBy: "CI nightly",
      version: 2,
    }));
    const parts = after.map((item, index) =>
      resultPart(itemChange(item, [...after.slice(0, index + 1), ...items.slice(index + 1)], "untested")),
    );
    const state = apply(
      apply(emptyLiveState, snapshot(10, [makeRun("run-1", items)])),
      wire(11, "batch", "run-1", { events: parts }),
    );
    expect(state.activity).toHaveLength(1);
    expect(state.activity[0]).toMatchObject({
      seq: 11,
      kind: "batch",
      actor: "CI nightly",
      tally: { results: 3, passed: 2, failed: 1 },
    });
    // One progress point for the whole batch, marked bulk: the ETA never takes it as pace.
    const batchPoints = entryOf(state).series.filter((point) => point.seq === 11);
    expect(batchPoints).toHaveLength(1);
    expect(batchPoints[0]).toMatchObject({ done: 3, failed: 1, results: 3 });
  });
});

describe("live state: order", () => {
  it("ignores events with a seq at or below the last one applied, in a later batch", () => {
    const passed = makeItem("a", { status: "passed", version: 2 });
    const state = apply(started(), itemUpdated(11, passed, twoItems));
    const failedB = makeItem("b", { status: "failed", version: 2 });
    const repeat = apply(state, itemUpdated(11, makeItem("a", { status: "blocked", version: 9 }), twoItems));
    const older = apply(state, itemUpdated(7, failedB, twoItems));
    for (const next of [repeat, older]) {
      expect(entryOf(next).items.get("a")).toEqual(passed);
      expect(entryOf(next).items.get("b")?.status).toBe("untested");
      expect(entryOf(next).run.counts).toEqual(countsOf([passed, makeItem("b")]));
      expect(next.lastSeq).toBe(11);
    }
  });

  it("ignores an older event inside one batch", () => {
    const passed = makeItem("a", { status: "passed", version: 2 });
    const stale = makeItem("a", { status: "failed", version: 1 });
    const state = apply(started(), itemUpdated(12, passed, twoItems), itemUpdated(11, stale, twoItems));
    expect(entryOf(state).items.get("a")).toEqual(passed);
    expect(entryOf(state).run.counts).toEqual(countsOf([passed, makeItem("b")]));
    expect(state.activity.map((line) => line.seq)).toEqual([12]);
  });

  it("ignores events older than the snapshot that replaced the state", () => {
    const state = apply(emptyLiveState, snapshot(50, [makeRun("run-1", twoItems)]));
    const next = apply(
      state,
      wire(40, "run_deleted", "run-1", { id: "run-1" }),
      wire(45, "comment_added", "run-1", { comment: makeComment("old") }),
    );
    expect([...next.runs.keys()]).toEqual(["run-1"]);
    expect(next.comments).toEqual([]);
  });

  it("never changes the state it was given (copy-on-write)", () => {
    const state = started();
    const before = JSON.stringify(
      [...state.runs].map(([id, entry]) => [id, entry.run, [...entry.items], entry.series]),
    );
    const a = makeItem("a", { status: "passed", version: 2 });
    apply(
      state,
      itemUpdated(11, a, twoItems),
      wire(12, "items_added", "run-1", { items: [makeItem("c")], counts: countsOf([a, makeItem("b"), makeItem("c")]) }),
    );
    expect(JSON.stringify([...state.runs].map(([id, entry]) => [id, entry.run, [...entry.items], entry.series]))).toBe(
      before,
    );
  });
});

describe("live state: bounds", () => {
  it("keeps at most the newest comments and feed lines", () => {
    let state = started();
    const total = activityLimits.comments + 150;
    for (let i = 1; i <= total; i++) {
      state = apply(
        state,
        wire(10 + i, "comment_added", "run-1", {
          comment: makeComment(`c${i}`, { createdAt: iso(baseTime + i * 1_000) }),
        }),
      );
    }
    expect(state.comments).toHaveLength(activityLimits.comments);
    expect(state.comments[0]?.id).toBe(`c${total}`);
    expect(state.activity).toHaveLength(activityLimits.activity);
    expect(state.activity[0]?.seq).toBe(10 + total);
  });

  it("keeps a run's progress series bounded, newest point last", () => {
    let state = started();
    const updates = seriesLimits.series * 3;
    for (let i = 1; i <= updates; i++) {
      const a = makeItem("a", { status: i % 2 === 0 ? "passed" : "untested", version: i + 1 });
      state = apply(state, itemUpdated(10 + i, a, twoItems));
    }
    const series = entryOf(state).series;
    expect(series.length).toBeLessThanOrEqual(seriesLimits.series);
    expect(series.at(-1)?.seq).toBe(10 + updates);
    expect(series.map((point) => point.seq)).toEqual([...series.map((point) => point.seq)].sort((a, b) => a - b));
  });

  it("forgets runs that finished long ago, keeps active ones and recent finishes", () => {
    const hour = 3_600_000;
    const runs = [
      makeRun("old", [], { status: "completed", completedAt: iso(baseTime - 30 * hour) }),
      makeRun("recent", [], { status: "aborted", completedAt: iso(baseTime - 2 * hour) }),
      makeRun("active", [], { status: "running", updatedAt: iso(baseTime - 100 * hour) }),
    ];
    const state = apply(emptyLiveState, snapshot(1, runs));
    const pruned = pruneFinished(state, baseTime, 24 * hour);
    expect([...pruned.runs.keys()]).toEqual(["recent", "active"]);
    expect(pruneFinished(pruned, baseTime, 24 * hour)).toBe(pruned);
  });
});

/**
 * A model lab server: runs with items, and the events it would send for each change, with counts
 * always recounted from its own items (as the server does).
 */
type Command =
  | {
      readonly kind: "result";
      readonly run: number;
      readonly item: number;
      readonly status: ItemStatus;
      readonly who: number;
    }
  | { readonly kind: "claim"; readonly run: number; readonly item: number; readonly who: number }
  | { readonly kind: "comment"; readonly run: number; readonly item: number | null }
  | { readonly kind: "add"; readonly run: number; readonly count: number }
  | { readonly kind: "status"; readonly run: number; readonly status: RunStatus }
  | { readonly kind: "create" }
  | { readonly kind: "delete"; readonly run: number }
  | {
      readonly kind: "batch";
      readonly run: number;
      readonly results: ReadonlyArray<{ readonly item: number; readonly status: ItemStatus }>;
    }
  | { readonly kind: "snapshot" };

const people = ["Ken", "Aiko", "Yuki"] as const;
const runStatusList: ReadonlyArray<RunStatus> = ["planned", "running", "paused", "completed", "aborted"];

/** Mostly the first run, so one run's progress series fills up. */
const runIndexArb = fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) });

/**
 * Commands of a stream. With `churn`, runs come and go and snapshots replace the state now and
 * then; without, the same runs live through the whole stream (and their lists fill up).
 */
const commandArb = (churn: boolean): fc.Arbitrary<Command> =>
  fc.oneof(
    {
      weight: 30,
      arbitrary: fc.record({
        kind: fc.constant("result" as const),
        run: runIndexArb,
        item: fc.nat(40),
        status: fc.constantFrom(...allStatuses),
        who: fc.nat(2),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("claim" as const), run: fc.nat(3), item: fc.nat(40), who: fc.nat(2) }),
    },
    {
      weight: 22,
      arbitrary: fc.record({
        kind: fc.constant("comment" as const),
        run: fc.nat(3),
        item: fc.option(fc.nat(40), { nil: null }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("add" as const),
        run: fc.nat(3),
        count: fc.integer({ min: 1, max: 4 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("status" as const),
        run: fc.nat(3),
        status: fc.constantFrom(...runStatusList),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("batch" as const),
        run: fc.nat(3),
        results: fc.array(fc.record({ item: fc.nat(40), status: fc.constantFrom(...allStatuses) }), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "create" as const }) },
    { weight: churn ? 1 : 0, arbitrary: fc.record({ kind: fc.constant("delete" as const), run: fc.nat(3) }) },
    { weight: churn ? 1 : 0, arbitrary: fc.constant({ kind: "snapshot" as const }) },
  );

interface ModelRun {
  detail: TestRunDetail;
  items: TestItem[];
}

const serverEvents = (
  commands: ReadonlyArray<Command>,
): { readonly events: WireEvent[]; readonly runs: TestRunDetail[] } => {
  const runs: ModelRun[] = [];
  let seq = 0;
  let created = 0;
  let ids = 0;
  const nextId = (): number => {
    ids += 1;
    return ids;
  };
  const events: WireEvent[] = [];
  const at = () => baseTime + seq * 1_000;
  const detailOf = (run: ModelRun): TestRunDetail => ({
    ...run.detail,
    counts: countsOf(run.items),
    items: [...run.items],
  });
  const createRun = () => {
    created += 1;
    const id = `run-${created}`;
    const items = Array.from({ length: 3 }, (_, position) => makeItem(`${id}-i${nextId()}`, { runId: id, position }));
    const run: ModelRun = { detail: makeRun(id, items, { createdAt: iso(at()) }), items };
    runs.push(run);
    return run;
  };
  const pick = (index: number): ModelRun | undefined => runs[index % Math.max(1, runs.length)];
  const change = (
    run: ModelRun,
    index: number,
    patch: Partial<TestItem>,
  ): { item: TestItem; previousStatus: ItemStatus } | null => {
    const position = index % Math.max(1, run.items.length);
    const current = run.items[position];
    if (current === undefined) return null;
    const item: TestItem = { ...current, ...patch, version: current.version + 1, updatedAt: iso(at()) };
    run.items[position] = item;
    return { item, previousStatus: current.status };
  };

  createRun();
  createRun();
  seq += 1;
  events.push(wire(seq, "snapshot", "", { runs: runs.map(detailOf) }));
  for (const command of commands) {
    seq += 1;
    const run = command.kind === "create" || command.kind === "snapshot" ? undefined : pick(command.run);
    switch (command.kind) {
      case "create":
        events.push(wire(seq, "run_created", `run-${created + 1}`, { run: detailOf(createRun()) }));
        break;
      case "snapshot":
        events.push(wire(seq, "snapshot", "", { runs: runs.map(detailOf) }));
        break;
      case "result":
      case "claim": {
        if (run === undefined) break;
        const patch: Partial<TestItem> =
          command.kind === "result"
            ? { status: command.status, updatedBy: people[command.who] ?? null }
            : { assignee: people[command.who] ?? null };
        const changed = change(run, command.item, patch);
        if (changed !== null)
          events.push(wire(seq, "item_updated", run.detail.id, { ...changed, counts: countsOf(run.items) }));
        break;
      }
      case "comment": {
        const runId = run?.detail.id ?? "run-gone";
        const itemId =
          command.item === null || run === undefined
            ? null
            : (run.items[command.item % Math.max(1, run.items.length)]?.id ?? null);
        events.push(
          wire(seq, "comment_added", runId, {
            comment: makeComment(`k${seq}`, { runId, itemId, createdAt: iso(at()) }),
          }),
        );
        break;
      }
      case "add": {
        if (run === undefined) break;
        const added = Array.from({ length: command.count }, () =>
          makeItem(`${run.detail.id}-i${nextId()}`, { runId: run.detail.id, position: run.items.length }),
        );
        run.items.push(...added);
        events.push(wire(seq, "items_added", run.detail.id, { items: added, counts: countsOf(run.items) }));
        break;
      }
      case "status": {
        if (run === undefined) break;
        const previousStatus = run.detail.status;
        run.detail = { ...run.detail, status: command.status, version: run.detail.version + 1 };
        events.push(
          wire(seq, "status_changed", run.detail.id, {
            status: command.status,
            previousStatus,
            run: summaryOf(detailOf(run)),
          }),
        );
        break;
      }
      case "delete": {
        if (run === undefined) break;
        runs.splice(runs.indexOf(run), 1);
        events.push(wire(seq, "run_deleted", run.detail.id, { id: run.detail.id }));
        break;
      }
      case "batch": {
        if (run === undefined) break;
        const parts = command.results.flatMap(({ item, status }) => {
          const changed = change(run, item, { status });
          return changed === null ? [] : [resultPart({ ...changed, counts: countsOf(run.items) })];
        });
        events.push(wire(seq, "batch", run.detail.id, { events: parts }));
        break;
      }
    }
  }
  return { events, runs: runs.map(detailOf) };
};

/** What a page receives: the server's events, with earlier ones delivered again here and there (a resume, a proxy). */
const deliveryArb = fc.record({
  commands: fc.boolean().chain((churn) => fc.array(commandArb(churn), { minLength: 1_200, maxLength: 2_400 })),
  replays: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 60 }),
  chunks: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }),
});

describe("live state: a long random stream", () => {
  it("keeps every list bounded, counts equal to a recount of the items, and ends where the server is", () => {
    fc.assert(
      fc.property(deliveryArb, ({ commands, replays, chunks }) => {
        const server = serverEvents(commands);
        // Each event received once; a repeat delivers the same message again.
        const delivered: WireEvent[] = server.events.map(received);
        for (const [at, which] of replays) {
          const position = 1 + (at % delivered.length);
          const earlier = delivered[which % position];
          // A fresh connection always starts with a current snapshot: only events are sent again.
          if (earlier !== undefined && earlier.type !== "snapshot") delivered.splice(position, 0, earlier);
        }
        let state = emptyLiveState;
        // Each comment once: a repeated delivery is the same comment (its seq), not another one.
        const comments = new Set<number>();
        let index = 0;
        let chunk = 0;
        while (index < delivered.length) {
          const size = chunks[chunk % chunks.length] ?? 1;
          chunk += 1;
          const batch = delivered.slice(index, index + size);
          index += size;
          state = reduce(state, batch);
          for (const event of batch) if (event.type === "comment_added") comments.add(event.seq);
          expect(state.activity.length).toBeLessThanOrEqual(activityLimits.activity);
          expect(state.comments.length).toBeLessThanOrEqual(activityLimits.comments);
          for (const entry of state.runs.values()) {
            expect(entry.series.length).toBeLessThanOrEqual(seriesLimits.series);
            expect(entry.run.counts).toEqual(countsOf(entry.items.values()));
          }
        }
        if (comments.size > activityLimits.comments) expect(state.comments).toHaveLength(activityLimits.comments);
        // Nothing lost, nothing applied twice: the page ends with the server's own state.
        expect(state.lastSeq).toBe(server.events.at(-1)?.seq);
        const byId = (a: TestItem, b: TestItem) => (a.id < b.id ? -1 : 1);
        expect([...state.runs.keys()].sort()).toEqual(server.runs.map((run) => run.id).sort());
        for (const run of server.runs) {
          const entry = entryOf(state, run.id);
          expect([...entry.items.values()].sort(byId)).toEqual([...run.items].sort(byId));
          expect(entry.run).toEqual(summaryOf(run));
        }
      }),
      // A failure is reported with its seed at once: shrinking 2,000-event streams would take hours.
      { numRuns: 25, endOnFailure: true },
    );
  });
});

describe("live state: a wall's stream (run summaries, no items)", () => {
  const failedA = makeItem("a", { status: "failed", updatedBy: "Aiko", updatedAt: iso(baseTime + 5_000) });
  const wallState = (): LiveState =>
    apply(
      emptyLiveState,
      wire(10, "snapshot", "*", {
        runs: [
          makeWallRun("run-1", [failedA, makeItem("b")], {
            failures: [{ id: "a", title: "Item a", section: "Radio", at: baseTime + 5_000, by: "Aiko" }],
            testers: [{ name: "Aiko", at: baseTime + 5_000 }],
            lastActivityAt: baseTime + 5_000,
            progress: [{ at: baseTime + 5_000, done: 1, failed: 1 }],
          }),
        ],
      }),
    );

  it("takes summaries as they come: counts, failures, testers and progress, no items", () => {
    const state = wallState();
    expect(state.summaries).toBe(true);
    const entry = entryOf(state);
    expect(entry.items.size).toBe(0);
    expect(entry.summary?.failures.map((failure) => failure.id)).toEqual(["a"]);
    expect(entry.series).toEqual([{ seq: 0, at: baseTime + 5_000, done: 1, failed: 1, total: 2 }]);
    expect(entry.lastActivityAt).toBe(baseTime + 5_000);
  });

  it("keeps the summary current from item updates without storing items", () => {
    const b = makeItem("b", { status: "failed", updatedBy: "Ben", updatedAt: iso(baseTime + 20_000) });
    const fixedA = { ...failedA, status: "passed" as const, updatedBy: "Aiko", updatedAt: iso(baseTime + 21_000) };
    const state = apply(wallState(), itemUpdated(20, b, [failedA, b]), itemUpdated(21, fixedA, [fixedA, b], "failed"));
    const entry = entryOf(state);
    expect(entry.items.size).toBe(0);
    expect(entry.summary?.failures.map((failure) => failure.id)).toEqual(["b"]);
    expect(entry.summary?.testers.map((tester) => tester.name)).toEqual(["Aiko", "Ben"]);
    expect(entry.run.counts).toMatchObject({ failed: 1, passed: 1 });
    expect(entry.newFailureSeq).toBe(20);
    const model = tileModel(entry, baseTime + 60_000, 3);
    expect(model.failures.map((failure) => failure.id)).toEqual(["b"]);
    expect(model.testers).toEqual(["Aiko", "Ben"]);
  });

  it("turns a run created on a wall's stream into a summary", () => {
    const created = makeRun("run-2", [makeItem("x", { runId: "run-2" })]);
    const state = apply(wallState(), wire(30, "run_created", "run-2", { run: created }));
    const entry = entryOf(state, "run-2");
    expect(entry.items.size).toBe(0);
    expect(entry.summary).toEqual({ failures: [], testers: [] });
    expect(entry.run.counts.total).toBe(1);
  });

  it("goes back to items when a run's own snapshot replaces the summaries", () => {
    const state = apply(wallState(), snapshot(40, [makeRun("run-1", twoItems)], "reset"));
    expect(state.summaries).toBe(false);
    expect(entryOf(state).items.size).toBe(2);
    expect(entryOf(state).summary).toBeNull();
  });
});
