import type {
  Comment,
  ItemStatus,
  RunCounts,
  TestItem,
  TestRunDetail,
  TestRunSummary,
  WireEvent,
} from "../../../../renderer/src/shared/live/wire.ts";
import { itemStatuses } from "../../../../renderer/src/shared/live/wire.ts";

/** Builders for the wire shapes of docs/protocol.md, with readable defaults. */

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

export const makeComment = (id: string, overrides: Partial<Comment> = {}): Comment => ({
  id,
  runId: "run-1",
  itemId: null,
  author: "Ken",
  body: `comment ${id}`,
  createdAt: iso(baseTime),
  ...overrides,
});

export const wire = (
  seq: number,
  type: WireEvent["type"],
  testRunId: string,
  data: unknown,
  at: number = baseTime + seq * 1_000,
): WireEvent => ({
  seq,
  type,
  testRunId,
  data,
  timestamp: iso(at),
});

export const allStatuses: ReadonlyArray<ItemStatus> = itemStatuses;
