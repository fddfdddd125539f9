import type { TypedEvent } from "../../../server/domain/events.ts";
import { countStatuses, type RunCounts } from "../../../server/domain/run-counts.ts";
import type { ItemStatus, TestItem } from "../../../server/domain/test-item.ts";
import type { RunStatus, TestRunDetail, TestRunSummary } from "../../../server/domain/test-run.ts";

/** Runs, items and stream events for the watch command's pure functions. */

export const t0 = Date.parse("2026-03-02T10:00:00.000Z");
export const iso = (ms: number): string => new Date(ms).toISOString();

export const item = (id: string, status: ItemStatus, at = t0, extra: Partial<TestItem> = {}): TestItem => ({
  id,
  runId: "run-1",
  key: `suite.${id}`,
  title: `Case ${id}`,
  section: "A",
  position: 0,
  status,
  assignee: null,
  note: null,
  durationMs: null,
  updatedAt: iso(at),
  updatedBy: null,
  version: 1,
  ...extra,
});

export const countsOf = (items: ReadonlyArray<TestItem>): RunCounts => countStatuses(items.map((i) => i.status));

export const summary = (
  counts: RunCounts,
  status: RunStatus = "running",
  id = "run-1",
  name = "Firmware 2.4",
  createdAt = t0,
): TestRunSummary => ({
  id,
  name,
  description: null,
  labels: {},
  status,
  createdAt: iso(createdAt),
  startedAt: iso(createdAt),
  completedAt: status === "completed" || status === "aborted" ? iso(createdAt) : null,
  updatedAt: iso(createdAt),
  version: 1,
  counts,
});

export const detail = (items: ReadonlyArray<TestItem>, status: RunStatus = "running"): TestRunDetail => ({
  ...summary(countsOf(items), status),
  items,
});

export const itemUpdated = (
  seq: number,
  changed: TestItem,
  counts: RunCounts,
  previousStatus: ItemStatus = "untested",
  at = t0,
): TypedEvent => ({
  seq,
  type: "item_updated",
  testRunId: changed.runId,
  itemId: changed.id,
  data: { item: changed, counts, previousStatus },
  timestamp: iso(at),
});

export const statusChanged = (seq: number, run: TestRunSummary, previousStatus: RunStatus = "running"): TypedEvent => ({
  seq,
  type: "status_changed",
  testRunId: run.id,
  data: { status: run.status, previousStatus, run },
  timestamp: run.updatedAt,
});

export const snapshot = (seq: number, runs: ReadonlyArray<TestRunDetail>): TypedEvent => ({
  seq,
  type: "snapshot",
  testRunId: "run-1",
  data: { runs },
  timestamp: iso(t0),
});
