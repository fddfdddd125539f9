import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidInput, NotFound } from "../../../../server/domain/errors.ts";
import type { BatchPart } from "../../../../server/domain/events.ts";
import { countStatuses, emptyCounts, isConsistent, type RunCounts } from "../../../../server/domain/run-counts.ts";
import { type ItemStatus, ItemStatuses } from "../../../../server/domain/test-item.ts";
import { type RunStatus, RunStatuses } from "../../../../server/domain/test-run.ts";
import type { Decision, Loaded } from "../../../../server/domain/write-model/decision.ts";
import type { NewItem } from "../../../../server/domain/write-model/item-decisions.ts";
import {
  decideResults,
  type ResultRecord,
  type ResultsRecorded,
} from "../../../../server/domain/write-model/result-decisions.ts";
import { type ItemState, itemOf, runSummaryOf } from "../../../../server/domain/write-model/state.ts";
import {
  anItem,
  aRun,
  decodedStream,
  deepFrozen,
  earlier,
  failed,
  freshItem,
  itemAt,
  loadedWith,
  loggedStream,
  noRun,
  now,
  runId,
  runOf,
  saved,
  startedRun,
  succeeded,
} from "../../../support/write-model-states.ts";

const byId = (itemId: string, status: ItemStatus): ResultRecord => ({ match: { itemId }, patch: { status } });
const byKey = (key: string, status: ItemStatus, create: NewItem | null = null): ResultRecord => ({
  match: { key, create },
  patch: { status },
});
const creating = (id: string, key: string): NewItem => ({ id, title: `New ${id}`, section: "New", key });

/** The parts of the decision's one `batch` event. */
const partsOf = (decision: Decision<ResultsRecorded>): ReadonlyArray<BatchPart> => {
  const [event, ...more] = decision.events;
  if (event?.type !== "batch" || more.length > 0) throw new Error("expected one batch event");
  return event.data.events;
};

const counts = (partial: Partial<RunCounts>): RunCounts => ({ ...emptyCounts(), ...partial });

/** The item after results: its status, by `ci`, now, as version `version`. */
const resulted = (item: ItemState, status: ItemStatus, version: number): ItemState => ({
  ...item,
  status,
  updatedAt: now,
  updatedBy: "ci",
  version,
});

describe("decideResults: matching", () => {
  it("applies results by id and by key: saves each item and the run, tells boards with one batch event", () => {
    const loaded = loadedWith(["untested", "untested", "passed"]);
    const decision = succeeded(
      decideResults(loaded, runId, deepFrozen([byId("item-0", "passed"), byKey("suite.case1", "failed")]), "ci", now),
    );
    const item0 = resulted(itemAt(loaded, 0), "passed", 2);
    const item1 = resulted(itemAt(loaded, 1), "failed", 2);
    const afterFirst = counts({ total: 3, untested: 1, passed: 2 });
    const final = counts({ total: 3, passed: 2, failed: 1 });
    const run = startedRun(loaded, { counts: final });
    expect(decision.value).toEqual({ items: [itemOf(item0), itemOf(item1)], added: 0, counts: final });
    expect(decision.changes).toEqual([
      { _tag: "ItemSaved", item: item0 },
      { _tag: "ItemSaved", item: item1 },
      { _tag: "RunSaved", run },
    ]);
    expect(decision.events).toEqual([
      {
        type: "batch",
        testRunId: runId,
        itemId: null,
        data: {
          events: [
            {
              type: "status_changed",
              data: { status: "running", previousStatus: "planned", run: runSummaryOf(run) },
            },
            {
              type: "item_updated",
              itemId: "item-0",
              data: { item: itemOf(item0), counts: afterFirst, previousStatus: "untested" },
            },
            {
              type: "item_updated",
              itemId: "item-1",
              data: { item: itemOf(item1), counts: final, previousStatus: "untested" },
            },
          ],
        },
        at: now,
      },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it("applies repeated results for one item in order: the later wins, the item is saved once, counts follow each", () => {
    const loaded = loadedWith(["untested", "untested", "passed"], { status: "running", startedAt: earlier });
    const results = [byId("item-0", "failed"), byKey("suite.case0", "retest"), byId("item-0", "passed")];
    const decision = succeeded(decideResults(loaded, runId, results, "ci", now));
    const item0 = resulted(itemAt(loaded, 0), "passed", 4);
    const final = counts({ total: 3, untested: 1, passed: 2 });
    expect(decision.value).toEqual({ items: [itemOf(item0)], added: 0, counts: final });
    expect(decision.changes).toEqual([
      { _tag: "ItemSaved", item: item0 },
      { _tag: "RunSaved", run: { ...runOf(loaded), updatedAt: now, counts: final } },
    ]);
    expect(partsOf(decision).map((part) => (part.type === "item_updated" ? part.data : undefined))).toEqual([
      {
        item: itemOf(resulted(itemAt(loaded, 0), "failed", 2)),
        counts: counts({ total: 3, untested: 1, passed: 1, failed: 1 }),
        previousStatus: "untested",
      },
      {
        item: itemOf(resulted(itemAt(loaded, 0), "retest", 3)),
        counts: counts({ total: 3, untested: 1, passed: 1, retest: 1 }),
        previousStatus: "failed",
      },
      { item: itemOf(item0), counts: final, previousStatus: "retest" },
    ]);
  });

  describe("two items with one key", () => {
    const loaded: Loaded = deepFrozen({
      run: aRun({ status: "running", startedAt: earlier, counts: countStatuses(["untested", "untested"]) }),
      items: [anItem(0, { key: "dup" }), anItem(1, { key: "dup" })],
    });

    it("a result by key goes to the first of them", () => {
      const decision = succeeded(
        decideResults(loaded, runId, [byKey("dup", "failed"), byKey("dup", "passed")], "ci", now),
      );
      expect(decision.changes).toEqual([
        { _tag: "ItemSaved", item: resulted(itemAt(loaded, 0), "passed", 3) },
        {
          _tag: "RunSaved",
          run: { ...runOf(loaded), updatedAt: now, counts: counts({ total: 2, untested: 1, passed: 1 }) },
        },
      ]);
    });

    it("a result by id for the second does not move the key to it", () => {
      const decision = succeeded(
        decideResults(loaded, runId, [byId("item-1", "blocked"), byKey("dup", "failed")], "ci", now),
      );
      expect(decision.value.items).toEqual([
        itemOf(resulted(itemAt(loaded, 1), "blocked", 2)),
        itemOf(resulted(itemAt(loaded, 0), "failed", 2)),
      ]);
    });
  });

  it("fails with NotFound for a missing run", () => {
    expect(failed(decideResults(noRun, "run-x", [byId("item-0", "passed")], "ci", now))).toEqual(
      new NotFound({ entity: "run", id: "run-x" }),
    );
  });
});

describe("decideResults: all or nothing", () => {
  const loaded = loadedWith(["untested", "untested"]);

  it("fails the whole import listing each result that matches no item (by its index and id or key)", () => {
    const results = [
      byId("item-0", "passed"),
      byId("item-9", "failed"),
      byKey("nope", "passed"),
      byKey("suite.case1", "passed"),
      byKey("new.x", "passed", creating("n-x", "new.x")),
      byKey("nope", "failed"),
    ];
    expect(failed(decideResults(loaded, runId, results, "ci", now))).toEqual(
      new InvalidInput({
        reason: "3 of the results match no item of this run (send addMissing: true with titles to create them)",
        details: [
          { index: 1, itemId: "item-9" },
          { index: 2, key: "nope" },
          { index: 5, key: "nope" },
        ],
      }),
    );
  });

  it("counts every unmatched result but lists the first 100", () => {
    const results = Array.from({ length: 150 }, (_, i) => byId(`gone-${i}`, "passed"));
    expect(failed(decideResults(loaded, runId, results, "ci", now))).toEqual(
      new InvalidInput({
        reason: "150 of the results match no item of this run (send addMissing: true with titles to create them)",
        details: Array.from({ length: 100 }, (_, index) => ({ index, itemId: `gone-${index}` })),
      }),
    );
  });

  it("never creates an item for a key that matches one", () => {
    const decision = succeeded(
      decideResults(loaded, runId, [byKey("suite.case1", "passed", creating("n-1", "suite.case1"))], "ci", now),
    );
    expect(decision.value).toMatchObject({ added: 0, items: [{ id: "item-1", status: "passed" }] });
    expect(decision.changes.some((change) => change._tag === "ItemsInserted")).toBe(false);
  });
});

describe("decideResults: new items (addMissing)", () => {
  const loaded = loadedWith(["passed", "untested"], {
    status: "running",
    startedAt: earlier,
    version: 4,
    nextPosition: 5,
  });
  const results = deepFrozen([
    byKey("new.a", "failed", creating("n-a", "new.a")),
    byId("item-1", "passed"),
    byKey("new.b", "skipped", creating("n-b", "new.b")),
    // A key already brought by an earlier result: its item, not a second one.
    byKey("new.a", "passed", creating("n-a2", "new.a")),
    byKey("new.b", "retest"),
  ]);
  const fresh = (id: string, key: string, position: number): ItemState => ({
    ...freshItem({ id, runId, key, title: `New ${id}`, section: "New", position }),
    updatedAt: now,
  });
  const final = counts({ total: 4, passed: 3, retest: 1 });

  it("inserts each new item once, as its results left it, at positions from the run's next one; saves existing ones", () => {
    const decision = succeeded(decideResults(loaded, runId, results, "ci", now));
    const a = resulted(fresh("n-a", "new.a", 5), "passed", 3);
    const b = resulted(fresh("n-b", "new.b", 6), "retest", 3);
    const item1 = resulted(itemAt(loaded, 1), "passed", 2);
    expect(decision.value).toEqual({ items: [itemOf(a), itemOf(item1), itemOf(b)], added: 2, counts: final });
    expect(decision.changes).toEqual([
      { _tag: "ItemsInserted", items: [a, b] },
      { _tag: "ItemSaved", item: item1 },
      { _tag: "RunSaved", run: { ...runOf(loaded), counts: final, updatedAt: now, nextPosition: 7 } },
    ]);
  });

  it("first tells boards the items were added (untested, counts after adding), then each result", () => {
    const decision = succeeded(decideResults(loaded, runId, results, "ci", now));
    const parts = partsOf(decision);
    expect(parts[0]).toEqual({
      type: "items_added",
      data: {
        items: [itemOf(fresh("n-a", "new.a", 5)), itemOf(fresh("n-b", "new.b", 6))],
        counts: counts({ total: 4, untested: 3, passed: 1 }),
      },
    });
    expect(
      parts.slice(1).map((part) => (part.type === "item_updated" ? [part.itemId, part.data.previousStatus] : [])),
    ).toEqual([
      ["n-a", "untested"],
      ["item-1", "untested"],
      ["n-b", "untested"],
      ["n-a", "failed"],
      ["n-b", "skipped"],
    ]);
    expect(parts.at(-1)).toMatchObject({ data: { counts: final } });
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it("leaves the loaded state and the results as they were", () => {
    const before = structuredClone({ loaded, results });
    succeeded(decideResults(loaded, runId, results, "ci", now));
    expect({ loaded, results }).toEqual(before);
  });
});

describe("decideResults: the first result starts a planned run", () => {
  it("says the run started before the items were added and before any result", () => {
    const loaded = loadedWith(["untested"]);
    const decision = succeeded(
      decideResults(loaded, runId, [byKey("new.a", "passed", creating("n-a", "new.a"))], "ci", now),
    );
    const final = counts({ total: 2, untested: 1, passed: 1 });
    const run = startedRun(loaded, { counts: final, nextPosition: 2 });
    expect(decision.changes.at(-1)).toEqual({ _tag: "RunSaved", run });
    expect(partsOf(decision).map((part) => part.type)).toEqual(["status_changed", "items_added", "item_updated"]);
    expect(partsOf(decision)[0]).toEqual({
      type: "status_changed",
      data: { status: "running", previousStatus: "planned", run: runSummaryOf(run) },
    });
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it.each<[RunStatus, ReadonlyArray<ItemStatus>, boolean]>([
    ["planned", ["untested"], false],
    ["planned", ["untested", "untested"], false],
    ["planned", ["untested", "blocked"], true],
    ["planned", ["skipped"], true],
    ...RunStatuses.filter((status) => status !== "planned").map(
      (status): [RunStatus, ReadonlyArray<ItemStatus>, boolean] => [status, ["passed", "failed"], false],
    ),
  ])("a %s run with results %j: started %s", (status, statuses, starts) => {
    const loaded = loadedWith(["untested", "untested"], { status, startedAt: status === "planned" ? null : earlier });
    const results = statuses.map((to, i) => byId(`item-${i}`, to));
    const decision = succeeded(decideResults(loaded, runId, results, "ci", now));
    const run = runOf(loaded);
    const after = [0, 1].map((i): ItemStatus => statuses[i] ?? "untested");
    expect(decision.changes.at(-1)).toEqual({
      _tag: "RunSaved",
      run: {
        ...run,
        ...(starts ? { status: "running", startedAt: now, version: 2 } : {}),
        counts: countStatuses(after),
        updatedAt: now,
      },
    });
    expect(partsOf(decision).filter((part) => part.type === "status_changed")).toHaveLength(starts ? 1 : 0);
  });
});

describe("decideResults: every import", () => {
  const target = fc.oneof(
    fc.record({ kind: fc.constant("id" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("key" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("new" as const), pick: fc.nat({ max: 2 }) }),
  );
  const result = fc.record({ target, status: fc.constantFrom(...ItemStatuses) });

  it("keeps counts consistent after every result and equal to a recount of what is saved", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ItemStatuses), { minLength: 1, maxLength: 6 }),
        fc.array(result, { minLength: 1, maxLength: 20 }),
        (statuses, picks) => {
          const loaded = loadedWith(statuses);
          const records = picks.map(({ target, status }) => {
            const index = target.pick % statuses.length;
            if (target.kind === "id") return byId(`item-${index}`, status);
            if (target.kind === "key") return byKey(`suite.case${index}`, status);
            return byKey(`new.${target.pick}`, status, creating(`n-${target.pick}`, `new.${target.pick}`));
          });
          const decision = succeeded(decideResults(loaded, runId, records, "ci", now));
          const after = saved(loaded, decision.changes);
          const recount = countStatuses(after.items.map((item) => item.status));
          const partCounts = partsOf(decision).flatMap((part) => ("counts" in part.data ? [part.data.counts] : []));
          const starts = picks.some((pick) => pick.status !== "untested");
          expect(runOf(after).counts).toEqual(recount);
          expect(decision.value.counts).toEqual(recount);
          expect(partCounts.at(-1)).toEqual(recount);
          expect(partCounts.every(isConsistent)).toBe(true);
          expect(runOf(after).status).toBe(starts ? "running" : "planned");
          expect(after.items.map((item) => item.position)).toEqual(after.items.map((_, i) => i));
        },
      ),
    );
  });
});

describe("decideResults: a new key, whichever result brings its item", () => {
  const loaded = loadedWith(["untested"]);
  it.each([
    ["the creating result first", [true, false]],
    ["the creating result last", [false, true]],
  ])("%s: both results apply to the one new item", (_order, creates) => {
    const results = creates.map((brings, i) =>
      byKey("new.k", i === 0 ? "failed" : "passed", brings ? creating("n-k", "new.k") : null),
    );
    const decision = succeeded(decideResults(loaded, runId, results, "ci", now));
    expect(decision.value).toMatchObject({ added: 1, items: [{ id: "n-k", status: "passed", version: 3 }] });
    const inserted = decision.changes.find((change) => change._tag === "ItemsInserted");
    expect(inserted).toMatchObject({ items: [{ id: "n-k", status: "passed", version: 3 }] });
  });
});
