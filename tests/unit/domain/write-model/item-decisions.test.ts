import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NotFound, VersionConflict } from "../../../../server/domain/errors.ts";
import { countStatuses, isConsistent } from "../../../../server/domain/run-counts.ts";
import { type ItemStatus, ItemStatuses, type TestItem } from "../../../../server/domain/test-item.ts";
import { RunStatuses } from "../../../../server/domain/test-run.ts";
import type { Loaded } from "../../../../server/domain/write-model/decision.ts";
import {
  decideAddItems,
  decideItemUpdate,
  type ItemPatch,
  type NewItem,
} from "../../../../server/domain/write-model/item-decisions.ts";
import { type ItemState, itemOf } from "../../../../server/domain/write-model/state.ts";
import {
  anItem,
  aRun,
  decodedStream,
  deepFrozen,
  earlier,
  earlierIso,
  failed,
  freshItem,
  itemAt,
  loadedWith,
  loggedStream,
  noRun,
  now,
  nowIso,
  runId,
  runOf,
  saved,
  startedRun,
  succeeded,
} from "../../../support/write-model-states.ts";

/** run-1, running since `earlier`, version 4, with items of these statuses. */
const runningWith = (statuses: ReadonlyArray<ItemStatus>): Loaded =>
  loadedWith(statuses, { status: "running", startedAt: earlier, version: 4 });

/** item-0 of `anItem` as the API and the stream send it, with what a test changed. */
const item0View = (changed: Omit<TestItem, "id" | "runId" | "key" | "title" | "section" | "position">): TestItem => ({
  id: "item-0",
  runId,
  key: "suite.case0",
  title: "Case 0",
  section: "Radio",
  position: 0,
  ...changed,
});

const results = ItemStatuses.filter((status) => status !== "untested");

describe("decideAddItems", () => {
  const records: ReadonlyArray<NewItem> = deepFrozen([
    { id: "n1", title: "Wakes", section: "Power", key: "power.wakes" },
    { id: "n2", title: "Idles", section: "Power", key: null },
  ]);
  const added = (id: string, position: number, title: string, key: string | null) =>
    freshItem({ id, runId, key, title, section: "Power", position });

  it("adds untested items, version 1, at the run's next positions; counts and next position move, the version does not", () => {
    const loaded = runningWith(["passed", "untested", "failed"]);
    const decision = succeeded(decideAddItems(loaded, runId, records, now));
    const counts = { total: 5, untested: 3, passed: 1, failed: 1, blocked: 0, skipped: 0, retest: 0 };
    const views = [
      { ...added("n1", 3, "Wakes", "power.wakes"), updatedAt: nowIso },
      { ...added("n2", 4, "Idles", null), updatedAt: nowIso },
    ];
    expect(decision.value).toEqual({ items: views, counts });
    expect(decision.changes).toEqual([
      {
        _tag: "ItemsInserted",
        items: [
          { ...added("n1", 3, "Wakes", "power.wakes"), updatedAt: now },
          { ...added("n2", 4, "Idles", null), updatedAt: now },
        ],
      },
      { _tag: "RunSaved", run: { ...runOf(loaded), counts, updatedAt: now, nextPosition: 5 } },
    ]);
    expect(decision.events).toEqual([
      { type: "items_added", testRunId: runId, itemId: null, data: { items: views, counts }, at: now },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it.each([0, 1, 7])("%i new items shift untested and total by as many, and keep the run's status", (n) => {
    const loaded = loadedWith(["passed", "untested"]);
    const many = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, title: `New ${i}`, section: "Radio", key: null }));
    const { value, changes } = succeeded(decideAddItems(loaded, runId, many, now));
    expect(value.counts).toEqual({ ...countStatuses(["passed", "untested"]), total: 2 + n, untested: 1 + n });
    expect(isConsistent(value.counts)).toBe(true);
    expect(value.items.map((item) => item.position)).toEqual(Array.from({ length: n }, (_, i) => 2 + i));
    expect(changes[1]).toEqual({
      _tag: "RunSaved",
      run: { ...runOf(loaded), counts: value.counts, updatedAt: now, nextPosition: 2 + n },
    });
  });

  it("fails with NotFound for a missing run", () => {
    expect(failed(decideAddItems(noRun, "run-x", records, now))).toEqual(new NotFound({ entity: "run", id: "run-x" }));
  });
});

describe("decideItemUpdate: what is found", () => {
  it("fails with NotFound for a missing run", () => {
    const result = decideItemUpdate(noRun, "run-x", "item-0", { status: "passed" }, undefined, "ana", now);
    expect(failed(result)).toEqual(new NotFound({ entity: "run", id: "run-x" }));
  });

  it("fails with NotFound for an item not among those loaded with the run (missing, or of another run)", () => {
    const result = decideItemUpdate(runningWith(["untested"]), runId, "item-9", { status: "passed" }, 1, "ana", now);
    expect(failed(result)).toEqual(new NotFound({ entity: "item", id: "item-9" }));
  });
});

describe("decideItemUpdate: versions", () => {
  const item = anItem(0, {
    status: "failed",
    assignee: "ana",
    note: "flaky",
    durationMs: 1_200,
    updatedBy: "ana",
    version: 3,
  });
  const loaded: Loaded = deepFrozen({
    run: aRun({ status: "running", counts: countStatuses(["failed"]) }),
    items: [item],
  });
  const update = (expected: number | undefined) =>
    decideItemUpdate(loaded, runId, "item-0", { status: "passed" }, expected, "ben", now);

  it.each([3, undefined])(
    "applies with the expected version %s (none: the last write wins) as version 4",
    (expected) => {
      expect(succeeded(update(expected)).value.item.version).toBe(4);
    },
  );

  it.each([0, 2, 4])(
    "fails a stale edit (expected %i) with the current item, so the tester can decide again",
    (stale) => {
      expect(failed(update(stale))).toEqual(
        new VersionConflict({
          expectedVersion: stale,
          current: item0View({
            status: "failed",
            assignee: "ana",
            note: "flaky",
            durationMs: 1_200,
            updatedAt: earlierIso,
            updatedBy: "ana",
            version: 3,
          }),
        }),
      );
    },
  );

  it.each<[string, ItemPatch, string | null, Partial<ItemState>]>([
    ["nothing but who and when", {}, "ben", {}],
    ["the status", { status: "passed" }, "ben", { status: "passed" }],
    ["the note", { note: "fixed" }, "ben", { note: "fixed" }],
    ["the note to none", { note: null }, "ben", { note: null }],
    ["the assignee", { assignee: "ben" }, "ben", { assignee: "ben" }],
    ["the assignee to none", { assignee: null }, "ben", { assignee: null }],
    ["the duration", { durationMs: 0 }, "ben", { durationMs: 0 }],
    ["the duration to none", { durationMs: null }, "ben", { durationMs: null }],
    ["the status by someone anonymous", { status: "blocked" }, null, { status: "blocked" }],
    [
      "everything at once",
      { status: "retest", note: null, assignee: "cy", durationMs: 5 },
      "cy",
      { status: "retest", note: null, assignee: "cy", durationMs: 5 },
    ],
  ])("changes %s, as a new version", (_what, patch, actor, fields) => {
    const decision = succeeded(decideItemUpdate(loaded, runId, "item-0", deepFrozen(patch), 3, actor, now));
    const updated: ItemState = { ...item, ...fields, updatedAt: now, updatedBy: actor, version: 4 };
    expect(decision.changes[0]).toEqual({ _tag: "ItemSaved", item: updated });
    expect(decision.value.item).toEqual(itemOf(updated));
  });
});

describe("decideItemUpdate: counts, changes and events", () => {
  const pairs = ItemStatuses.flatMap((from) => ItemStatuses.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s keeps the run's counts consistent", (from, to) => {
    const loaded = runningWith([from, "passed", "untested"]);
    const { value, changes, events } = succeeded(
      decideItemUpdate(loaded, runId, "item-0", { status: to }, 1, "ana", now),
    );
    const counts = countStatuses([to, "passed", "untested"]);
    expect(value.counts).toEqual(counts);
    expect(isConsistent(value.counts)).toBe(true);
    expect(changes[1]).toEqual({ _tag: "RunSaved", run: { ...runOf(loaded), counts, updatedAt: now } });
    expect(events).toMatchObject([{ data: { counts, previousStatus: from } }]);
  });

  it("saves the item and the run's counts and tells boards with item_updated (ISO times, counts after, previous status)", () => {
    const loaded = runningWith(["untested", "passed"]);
    const decision = succeeded(
      decideItemUpdate(loaded, runId, "item-0", { status: "failed", note: "no carrier" }, 1, "ana", now),
    );
    const counts = { total: 2, untested: 0, passed: 1, failed: 1, blocked: 0, skipped: 0, retest: 0 };
    const view = item0View({
      status: "failed",
      assignee: null,
      note: "no carrier",
      durationMs: null,
      updatedAt: nowIso,
      updatedBy: "ana",
      version: 2,
    });
    expect(decision.value).toEqual({ item: view, counts });
    expect(decision.changes).toEqual([
      {
        _tag: "ItemSaved",
        item: {
          ...itemAt(loaded, 0),
          status: "failed",
          note: "no carrier",
          updatedAt: now,
          updatedBy: "ana",
          version: 2,
        },
      },
      { _tag: "RunSaved", run: { ...runOf(loaded), counts, updatedAt: now } },
    ]);
    expect(decision.events).toEqual([
      {
        type: "item_updated",
        testRunId: runId,
        itemId: "item-0",
        data: { item: view, counts, previousStatus: "untested" },
        at: now,
      },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it("leaves the loaded state and the patch as they were", () => {
    const loaded = runningWith(["untested", "passed"]);
    const patch: ItemPatch = { status: "failed", note: "x" };
    const before = structuredClone({ loaded, patch });
    succeeded(decideItemUpdate(loaded, runId, "item-1", patch, undefined, "ana", now));
    expect({ loaded, patch }).toEqual(before);
  });
});

describe("decideItemUpdate: the first result starts a planned run", () => {
  it("a result on a planned run saves it running (started now, a new version) and says so before the item event", () => {
    const loaded = loadedWith(["untested", "untested"]);
    const decision = succeeded(decideItemUpdate(loaded, runId, "item-1", { status: "passed" }, 1, "ana", now));
    const counts = { total: 2, untested: 1, passed: 1, failed: 0, blocked: 0, skipped: 0, retest: 0 };
    const run = startedRun(loaded, { counts });
    expect(decision.changes[1]).toEqual({ _tag: "RunSaved", run });
    expect(decision.events).toEqual([
      {
        type: "status_changed",
        testRunId: runId,
        itemId: null,
        data: {
          status: "running",
          previousStatus: "planned",
          run: {
            id: runId,
            name: "Radio bench 3",
            description: null,
            labels: { bench: "3" },
            status: "running",
            createdAt: earlierIso,
            startedAt: nowIso,
            completedAt: null,
            updatedAt: nowIso,
            version: 2,
            counts,
          },
        },
        at: now,
      },
      {
        type: "item_updated",
        testRunId: runId,
        itemId: "item-1",
        data: { item: decision.value.item, counts, previousStatus: "untested" },
        at: now,
      },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it.each(results)("a planned run starts with a %s result", (status) => {
    const decision = succeeded(decideItemUpdate(loadedWith(["untested"]), runId, "item-0", { status }, 1, null, now));
    expect(decision.events.map((event) => event.type)).toEqual(["status_changed", "item_updated"]);
    expect(decision.changes[1]).toMatchObject({ run: { status: "running", startedAt: now, version: 2 } });
  });

  it.each<[string, ItemPatch]>([
    ["an untested result", { status: "untested" }],
    ["a note", { note: "later" }],
    ["an assignee", { assignee: "ana" }],
  ])("%s does not start a planned run", (_what, patch) => {
    const loaded = loadedWith(["untested"]);
    const decision = succeeded(decideItemUpdate(loaded, runId, "item-0", patch, 1, "ana", now));
    expect(decision.events.map((event) => event.type)).toEqual(["item_updated"]);
    expect(decision.changes[1]).toEqual({
      _tag: "RunSaved",
      run: { ...runOf(loaded), counts: decision.value.counts, updatedAt: now },
    });
  });

  it.each(RunStatuses.filter((status) => status !== "planned"))("a result leaves a %s run's status alone", (status) => {
    const loaded = loadedWith(["untested"], { status, startedAt: earlier, version: 4 });
    const decision = succeeded(decideItemUpdate(loaded, runId, "item-0", { status: "passed" }, 1, "ana", now));
    expect(decision.events.map((event) => event.type)).toEqual(["item_updated"]);
    expect(decision.changes[1]).toEqual({
      _tag: "RunSaved",
      run: { ...runOf(loaded), counts: countStatuses(["passed"]), updatedAt: now },
    });
  });
});

describe("decideItemUpdate: every sequence of updates", () => {
  const update = fc.record({
    pick: fc.nat(),
    status: fc.option(fc.constantFrom(...ItemStatuses), { nil: undefined }),
    note: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
  });

  it("keeps counts equal to a recount, items' versions counting their edits, and starts the run at the first result", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ItemStatuses), { minLength: 1, maxLength: 8 }),
        fc.array(update, { maxLength: 30 }),
        (statuses, updates) => {
          let loaded = loadedWith(statuses);
          let started = false;
          const edits = statuses.map(() => 0);
          for (const { pick, status, note } of updates) {
            const index = pick % statuses.length;
            const patch: ItemPatch = {
              ...(status === undefined ? {} : { status }),
              ...(note === undefined ? {} : { note }),
            };
            const decision = succeeded(
              decideItemUpdate(loaded, runId, `item-${index}`, patch, (edits[index] ?? 0) + 1, "ana", now),
            );
            loaded = saved(loaded, decision.changes);
            edits[index] = (edits[index] ?? 0) + 1;
            started ||= status !== undefined && status !== "untested";
            const run = runOf(loaded);
            expect(run.counts).toEqual(countStatuses(loaded.items.map((item) => item.status)));
            expect(isConsistent(run.counts)).toBe(true);
            expect(decision.value.counts).toEqual(run.counts);
            expect(run.status).toBe(started ? "running" : "planned");
            expect(run.version).toBe(started ? 2 : 1);
          }
          expect(loaded.items.map((item) => item.version)).toEqual(edits.map((n) => n + 1));
        },
      ),
    );
  });
});
