import { Result } from "effect";
import { InvalidInput, NotFound } from "../errors.ts";
import { type BatchPart, draftEvent } from "../events.ts";
import { type RunCounts, shiftCounts } from "../run-counts.ts";
import type { TestItem } from "../test-item.ts";
import { type Change, type Decided, decided, type Loaded } from "./decision.ts";
import { countsWithAdded, type ItemPatch, type NewItem, newItems, patched } from "./item-decisions.ts";
import { startsRun, withCounts, withStatus } from "./run-rules.ts";
import { type ItemState, itemOf, type RunState, runSummaryOf } from "./state.ts";

/** One result of a bulk import: its item by id, or by key (with the item to create when it is missing). */
export interface ResultRecord {
  readonly match: { readonly itemId: string } | { readonly key: string; readonly create: NewItem | null };
  readonly patch: ItemPatch;
}

export interface ResultsRecorded {
  readonly items: ReadonlyArray<TestItem>;
  readonly added: number;
  readonly counts: RunCounts;
}

interface Unmatched {
  readonly index: number;
  readonly itemId?: string;
  readonly key?: string;
}

/**
 * A CI job's results, all or nothing: every result must match an item (by id, by key, or a new
 * item it brings), else the whole import fails listing what matched nothing. They apply in
 * order (a later result for the same item wins), the first result starts a planned run, and one
 * `batch` event carries the ordinary events a board already understands.
 */
export const decideResults = (
  loaded: Loaded,
  runId: string,
  results: ReadonlyArray<ResultRecord>,
  actor: string | null,
  now: number,
): Decided<ResultsRecorded, NotFound | InvalidInput> => {
  const run = loaded.run;
  if (run === undefined) return Result.fail(new NotFound({ entity: "run", id: runId }));
  const byId = new Map<string, ItemState>();
  const byKey = new Map<string, ItemState>();
  for (const item of loaded.items) {
    byId.set(item.id, item);
    // Two items may share a key: a result by key goes to the first of them.
    if (item.key !== null && !byKey.has(item.key)) byKey.set(item.key, item);
  }

  // A new key's item comes from the first result that brings one, wherever the others stand.
  const creating = new Map<string, NewItem>();
  for (const result of results) {
    const match = result.match;
    if ("key" in match && match.create !== null && !byKey.has(match.key) && !creating.has(match.key)) {
      creating.set(match.key, match.create);
    }
  }
  const unmatched: Unmatched[] = [];
  results.forEach((result, index) => {
    const match = result.match;
    if ("itemId" in match) {
      if (!byId.has(match.itemId)) unmatched.push({ index, itemId: match.itemId });
    } else if (!byKey.has(match.key) && !creating.has(match.key)) {
      unmatched.push({ index, key: match.key });
    }
  });
  if (unmatched.length > 0) {
    return Result.fail(
      new InvalidInput({
        reason: `${unmatched.length} of the results match no item of this run (send addMissing: true with titles to create them)`,
        details: unmatched.slice(0, 100),
      }),
    );
  }

  const parts: BatchPart[] = [];
  const added = newItems(run, [...creating.values()], now);
  let counts = countsWithAdded(run.counts, added.length);
  for (const item of added) {
    byId.set(item.id, item);
    if (item.key !== null) byKey.set(item.key, item);
  }
  if (added.length > 0) parts.push({ type: "items_added", data: { items: added.map(itemOf), counts } });

  const touched = new Map<string, ItemState>();
  for (const result of results) {
    const match = result.match;
    // Every result matched above.
    const current = ("itemId" in match ? byId.get(match.itemId) : byKey.get(match.key)) as ItemState;
    const updated = patched(current, result.patch, actor, now);
    counts = shiftCounts(counts, current.status, updated.status);
    byId.set(updated.id, updated);
    if (updated.key !== null && byKey.get(updated.key)?.id === updated.id) byKey.set(updated.key, updated);
    touched.set(updated.id, updated);
    parts.push({
      type: "item_updated",
      itemId: updated.id,
      data: { item: itemOf(updated), counts, previousStatus: current.status },
    });
  }

  const starts = startsRun(
    run,
    results.map((r) => r.patch.status),
  );
  const runAfter: RunState = {
    ...withCounts(starts ? withStatus(run, "running", now) : run, counts, now),
    nextPosition: run.nextPosition + added.length,
  };
  if (starts) {
    parts.unshift({
      type: "status_changed",
      data: { status: runAfter.status, previousStatus: run.status, run: runSummaryOf(runAfter) },
    });
  }
  const saved = [...touched.values()];
  const isNew = new Set(added.map((item) => item.id));
  // A new item is stored as its results left it; an existing one is saved over.
  const changes: Change[] = [
    ...(added.length === 0
      ? []
      : [{ _tag: "ItemsInserted", items: added.map((item) => touched.get(item.id) ?? item) } satisfies Change]),
    ...saved.filter((item) => !isNew.has(item.id)).map((item): Change => ({ _tag: "ItemSaved", item })),
    { _tag: "RunSaved", run: runAfter },
  ];
  return decided({ items: saved.map(itemOf), added: added.length, counts }, changes, [
    draftEvent("batch", run.id, null, { events: parts }, now),
  ]);
};
