import { Result } from "effect";
import { NotFound, VersionConflict } from "../errors.ts";
import { draftEvent, type EventDraft } from "../events.ts";
import { type RunCounts, shiftCounts } from "../run-counts.ts";
import type { ItemStatus, TestItem } from "../test-item.ts";
import { type Change, type Decided, decided, type Loaded } from "./decision.ts";
import { startsRun, withCounts, withStatus } from "./run-rules.ts";
import { type ItemState, itemOf, type RunState, runSummaryOf } from "./state.ts";

export interface NewItem {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly key: string | null;
}

export interface ItemPatch {
  readonly status?: ItemStatus;
  readonly note?: string | null;
  readonly assignee?: string | null;
  readonly durationMs?: number | null;
}

export interface ItemUpdated {
  readonly item: TestItem;
  readonly counts: RunCounts;
}

export interface ItemsAdded {
  readonly items: ReadonlyArray<TestItem>;
  readonly counts: RunCounts;
}

/** New items join the end of the run, untested, version 1. */
export const newItems = (run: RunState, records: ReadonlyArray<NewItem>, now: number): ItemState[] =>
  records.map((r, i) => ({
    id: r.id,
    runId: run.id,
    key: r.key,
    title: r.title,
    section: r.section,
    position: run.nextPosition + i,
    status: "untested",
    assignee: null,
    note: null,
    durationMs: null,
    updatedAt: now,
    updatedBy: null,
    version: 1,
  }));

/** An item after a change by `actor`: only what the patch names changes; every change is a new version. */
export const patched = (item: ItemState, patch: ItemPatch, actor: string | null, now: number): ItemState => ({
  ...item,
  ...(patch.status === undefined ? {} : { status: patch.status }),
  ...(patch.note === undefined ? {} : { note: patch.note }),
  ...(patch.assignee === undefined ? {} : { assignee: patch.assignee }),
  ...(patch.durationMs === undefined ? {} : { durationMs: patch.durationMs }),
  updatedAt: now,
  updatedBy: actor,
  version: item.version + 1,
});

/** The run's counts with `added` new untested items. */
export const countsWithAdded = (counts: RunCounts, added: number): RunCounts => {
  let next = counts;
  for (let i = 0; i < added; i += 1) next = shiftCounts(next, null, "untested");
  return next;
};

/** The `status_changed` event of a run that a result started. */
export const runStarted = (before: RunState, after: RunState, now: number): EventDraft<"status_changed"> =>
  draftEvent(
    "status_changed",
    after.id,
    null,
    { status: after.status, previousStatus: before.status, run: runSummaryOf(after) },
    now,
  );

export const decideAddItems = (
  loaded: Loaded,
  runId: string,
  records: ReadonlyArray<NewItem>,
  now: number,
): Decided<ItemsAdded, NotFound> => {
  const run = loaded.run;
  if (run === undefined) return Result.fail(new NotFound({ entity: "run", id: runId }));
  const items = newItems(run, records, now);
  const counts = countsWithAdded(run.counts, items.length);
  const after: RunState = { ...withCounts(run, counts, now), nextPosition: run.nextPosition + items.length };
  const views = items.map(itemOf);
  return decided(
    { items: views, counts },
    [
      { _tag: "ItemsInserted", items },
      { _tag: "RunSaved", run: after },
    ],
    [draftEvent("items_added", run.id, null, { items: views, counts }, now)],
  );
};

/**
 * One result (or note, assignee, duration) on one item. With an expected version a stale edit
 * fails with the current item, so the tester can decide again; without one the last write wins.
 * The run's counts move with the item's status, and the first result starts a planned run.
 */
export const decideItemUpdate = (
  loaded: Loaded,
  runId: string,
  itemId: string,
  patch: ItemPatch,
  expectedVersion: number | undefined,
  actor: string | null,
  now: number,
): Decided<ItemUpdated, NotFound | VersionConflict> => {
  const run = loaded.run;
  if (run === undefined) return Result.fail(new NotFound({ entity: "run", id: runId }));
  const item = loaded.items.find((each) => each.id === itemId);
  if (item === undefined) return Result.fail(new NotFound({ entity: "item", id: itemId }));
  if (expectedVersion !== undefined && item.version !== expectedVersion) {
    return Result.fail(new VersionConflict({ expectedVersion, current: itemOf(item) }));
  }
  const updated = patched(item, patch, actor, now);
  const counts = shiftCounts(run.counts, item.status, updated.status);
  const starts = startsRun(run, [patch.status]);
  const runAfter = withCounts(starts ? withStatus(run, "running", now) : run, counts, now);
  const view = itemOf(updated);
  const events: EventDraft[] = starts ? [runStarted(run, runAfter, now)] : [];
  events.push(draftEvent("item_updated", run.id, item.id, { item: view, counts, previousStatus: item.status }, now));
  const changes: Change[] = [
    { _tag: "ItemSaved", item: updated },
    { _tag: "RunSaved", run: runAfter },
  ];
  return decided({ item: view, counts }, changes, events);
};
