import type { BatchPart, EventData, EventKind, TypedEvent } from "../../../../server/domain/events.ts";
import type { WallRun } from "../../../../server/domain/wall-run.ts";
import type {
  Comment,
  ItemStatus,
  RunCounts,
  TestItem,
  TestRunDetail,
  TestRunSummary,
  WireEvent,
} from "../../../../renderer/src/shared/live/wire.ts";
import { ItemStatuses, toWireEvent } from "../../../../renderer/src/shared/live/wire.ts";

/**
 * Builders for the stream's events with readable defaults. Each one is typed by the contract
 * (server/domain/events.ts), so a fixture the server could not send does not compile; `received`
 * also runs it through JSON and the renderer's decoder, as a page receives it.
 */

export const baseTime = Date.parse("2026-11-29T14:00:00.000Z");

export const iso = (ms: number): string => new Date(ms).toISOString();

export const countsOf = (items: Iterable<Pick<TestItem, "status">>): RunCounts => {
  const counts: Record<ItemStatus | "total", number> = {
    total: 0,
    untested: 0,
    passed: 0,
    failed: 0,
    blocked: 0,
    skipped: 0,
    retest: 0,
  };
  for (const item of items) {
    counts[item.status] += 1;
    counts.total += 1;
  }
  return counts;
};

export const emptyCounts: RunCounts = countsOf([]);

export const makeItem = (id: string, overrides: Partial<TestItem> = {}): TestItem => ({
  id,
  runId: "run-1",
  key: null,
  title: `Item ${id}`,
  section: "Radio",
  position: 0,
  status: "untested",
  assignee: null,
  note: null,
  durationMs: null,
  updatedAt: iso(baseTime),
  updatedBy: null,
  version: 1,
  ...overrides,
});

export const makeRun = (
  id: string,
  items: ReadonlyArray<TestItem>,
  overrides: Partial<TestRunSummary> = {},
): TestRunDetail => ({
  id,
  name: `Run ${id}`,
  description: null,
  labels: {},
  status: "running",
  createdAt: iso(baseTime),
  startedAt: iso(baseTime),
  completedAt: null,
  updatedAt: iso(baseTime),
  version: 1,
  counts: countsOf(items),
  ...overrides,
  items,
});

export const summaryOf = (run: TestRunDetail): TestRunSummary => {
  const { items: _items, ...summary } = run;
  return summary;
};

/** A run as a wall's stream sends it: its summary, nothing recorded yet unless told. */
export const makeWallRun = (id: string, items: ReadonlyArray<TestItem>, extra: Partial<WallRun> = {}): WallRun => ({
  ...summaryOf(makeRun(id, items)),
  failures: [],
  testers: [],
  lastActivityAt: null,
  progress: [],
  ...extra,
});

export const makeComment = (id: string, overrides: Partial<Comment> = {}): Comment => ({
  id,
  runId: "run-1",
  itemId: null,
  author: "Ken",
  body: `comment ${id}`,
  createdAt: iso(baseTime),
  ...overrides,
});

/** An event of `type` with its own payload, sent at baseTime + seq seconds unless told. */
export const wire = <K extends EventKind>(
  seq: number,
  type: K,
  testRunId: string,
  data: EventData<K>,
  at: number = baseTime + seq * 1_000,
): TypedEvent<K> =>
  // The one cast: TypeScript cannot narrow a conditional type from a generic argument.
  ({ seq, type, testRunId, data, timestamp: iso(at) }) as TypedEvent<K>;

/** An `item_updated` payload: the run's counts after the change, from all of its items. */
export const itemChange = (
  item: TestItem,
  runItems: ReadonlyArray<TestItem>,
  previousStatus: ItemStatus,
): EventData<"item_updated"> => ({
  item,
  counts: countsOf(runItems.map((other) => (other.id === item.id ? item : other))),
  previousStatus,
});

/** One result of a bulk import, as a `batch` part. */
export const resultPart = (data: EventData<"item_updated">): BatchPart => ({
  type: "item_updated",
  itemId: data.item.id,
  data,
});

/** What a page receives: the event as JSON text, decoded by the renderer; throws when the contract refuses it. */
export const received = (event: WireEvent): WireEvent => {
  const decoded = toWireEvent(JSON.parse(JSON.stringify(event)));
  if (decoded === null) throw new Error(`the contract refuses this ${event.type} fixture: ${JSON.stringify(event)}`);
  return decoded;
};

export const allStatuses: ReadonlyArray<ItemStatus> = ItemStatuses;
