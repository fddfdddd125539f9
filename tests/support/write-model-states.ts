import { Result, Schema } from "effect";
import { type EventDraft, loggedEvent, StreamEventSchema } from "../../server/domain/events.ts";
import { countStatuses } from "../../server/domain/run-counts.ts";
import type { ItemStatus } from "../../server/domain/test-item.ts";
import type { Change, Decided, Decision, Loaded } from "../../server/domain/write-model/decision.ts";
import type { ItemState, RunState } from "../../server/domain/write-model/state.ts";

/** When the loaded state was last written, and when the decision under test is made. */
export const earlierIso = "2025-03-03T09:00:00.000Z";
export const nowIso = "2025-03-03T09:01:30.000Z";
export const earlier = Date.parse(earlierIso);
export const now = Date.parse(nowIso);

export const runId = "run-1";

/** A planned run, version 1, with no items yet. */
export const aRun = (overrides: Partial<RunState> = {}): RunState => ({
  id: runId,
  name: "Radio bench 3",
  description: null,
  labels: { bench: "3" },
  status: "planned",
  createdAt: earlier,
  startedAt: null,
  completedAt: null,
  updatedAt: earlier,
  version: 1,
  counts: countStatuses([]),
  nextPosition: 0,
  ...overrides,
});

/** The item at `position` of run-1: `item-<position>`, key `suite.case<position>`, untested, version 1. */
export const anItem = (position: number, overrides: Partial<ItemState> = {}): ItemState => ({
  id: `item-${position}`,
  runId,
  key: `suite.case${position}`,
  title: `Case ${position}`,
  section: "Radio",
  position,
  status: "untested",
  assignee: null,
  note: null,
  durationMs: null,
  updatedAt: earlier,
  updatedBy: null,
  version: 1,
  ...overrides,
});

/** An item just added to a run as it is stored, but for its time: untested, version 1, nobody's yet. */
export const freshItem = (
  placed: Pick<ItemState, "id" | "runId" | "key" | "title" | "section" | "position">,
): Omit<ItemState, "updatedAt"> => ({
  ...placed,
  status: "untested",
  assignee: null,
  note: null,
  durationMs: null,
  updatedBy: null,
  version: 1,
});

/** Freezes a value and everything in it, so a decision that writes to its input throws. */
export const deepFrozen = <T>(value: T): T => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFrozen(child);
  }
  return value;
};

/**
 * What a store loads for run-1 whose items have these statuses (positions 0…n-1), with counts and
 * next position to match; frozen.
 */
export const loadedWith = (statuses: ReadonlyArray<ItemStatus>, run: Partial<RunState> = {}): Loaded =>
  deepFrozen({
    run: aRun({ counts: countStatuses(statuses), nextPosition: statuses.length, ...run }),
    items: statuses.map((status, position) => anItem(position, { status })),
  });

/** The run a store loaded (fails the test when there is none). */
export const runOf = (loaded: Loaded): RunState => {
  if (loaded.run === undefined) throw new Error("no run loaded");
  return loaded.run;
};

/** The loaded item at `index` (fails the test when there is none). */
export const itemAt = (loaded: Loaded, index: number): ItemState => {
  const item = loaded.items[index];
  if (item === undefined) throw new Error(`no item ${index} loaded`);
  return item;
};

/** A loaded planned run (version 1) as its first result leaves it: running since now, version 2, with `fields`. */
export const startedRun = (loaded: Loaded, fields: Partial<RunState>): RunState => ({
  ...runOf(loaded),
  status: "running",
  startedAt: now,
  updatedAt: now,
  version: 2,
  ...fields,
});

/** What a store loads for a run that does not exist. */
export const noRun: Loaded = deepFrozen({ run: undefined, items: [] });

export const succeeded = <A, E>(result: Decided<A, E>): Decision<A> => {
  if (Result.isFailure(result)) throw new Error(`expected a decision, got the failure ${String(result.failure)}`);
  return result.success;
};

export const failed = <A, E>(result: Decided<A, E>): E => {
  if (Result.isSuccess(result)) throw new Error("expected a failure, got a decision");
  return result.failure;
};

/** The events as the log holds them (seq 1, 2, …), decoded with the stream's contract: throws if one breaks it. */
export const decodedStream = (events: ReadonlyArray<EventDraft>) =>
  events.map((draft, index) => Schema.decodeUnknownSync(StreamEventSchema)(loggedEvent(index + 1, draft)));

/** The events as the log holds them, undecoded: what `decodedStream` must give back unchanged. */
export const loggedStream = (events: ReadonlyArray<EventDraft>) =>
  events.map((draft, index) => loggedEvent(index + 1, draft));

/** The loaded state after a store saved `changes` (as the SQLite store applies them), for chaining decisions. */
export const saved = (loaded: Loaded, changes: ReadonlyArray<Change>): Loaded => {
  let run = loaded.run;
  let items = [...loaded.items];
  for (const change of changes) {
    switch (change._tag) {
      case "RunInserted":
      case "RunSaved":
        run = change.run;
        break;
      case "RunDeleted":
        run = undefined;
        items = [];
        break;
      case "ItemsInserted":
        items.push(...change.items);
        break;
      case "ItemSaved":
        items = items.map((item) => (item.id === change.item.id ? change.item : item));
        break;
      case "CommentInserted":
        break;
    }
  }
  return { run, items };
};
