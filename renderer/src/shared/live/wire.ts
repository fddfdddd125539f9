import type { Comment } from "../../../../server/domain/comment.ts";
import type { RunCounts } from "../../../../server/domain/run-counts.ts";
import type { Heartbeat } from "../../../../server/domain/sse-wire.ts";
import type { EventType } from "../../../../server/domain/stream-event.ts";
import type { ItemStatus, TestItem } from "../../../../server/domain/test-item.ts";
import type { RunStatus, TestRunDetail, TestRunSummary } from "../../../../server/domain/test-run.ts";
import type { WallFailure, WallPoint, WallRun, WallTester } from "../../../../server/domain/wall-run.ts";

/**
 * The stream's messages as docs/protocol.md describes them, checked at the edge: the renderer
 * imports only types from server/domain (the schemas would pull the schema library into every
 * page), so the shapes are verified here by hand, enough to never crash on a surprise.
 */

export type {
  Comment,
  Heartbeat,
  ItemStatus,
  RunCounts,
  RunStatus,
  TestItem,
  TestRunDetail,
  TestRunSummary,
  WallFailure,
  WallRun,
  WallTester,
};

export const itemStatuses = [
  "untested",
  "passed",
  "failed",
  "blocked",
  "skipped",
  "retest",
] as const satisfies ReadonlyArray<ItemStatus>;
export const runStatuses = [
  "planned",
  "running",
  "paused",
  "completed",
  "aborted",
] as const satisfies ReadonlyArray<RunStatus>;
const eventTypes = [
  "snapshot",
  "item_updated",
  "items_added",
  "status_changed",
  "comment_added",
  "run_created",
  "run_updated",
  "run_deleted",
  "batch",
  "reset",
] as const satisfies ReadonlyArray<EventType>;

/** One unnamed SSE message: `{ seq, type, testRunId, itemId?, data, timestamp }`. */
export interface WireEvent {
  readonly seq: number;
  readonly type: EventType;
  readonly testRunId: string;
  readonly itemId?: string;
  readonly data: unknown;
  readonly timestamp: string;
}

/** A wire event decoded into what it means, times as server ms. */
export type LiveEvent =
  | {
      readonly kind: "state";
      readonly seq: number;
      readonly at: number;
      readonly reset: boolean;
      /** A run's own stream sends its items; a wall's stream (several runs) what a wall shows. */
      readonly runs: ReadonlyArray<TestRunDetail | WallRun>;
    }
  | { readonly kind: "run_created"; readonly seq: number; readonly at: number; readonly run: TestRunDetail }
  | { readonly kind: "run_updated"; readonly seq: number; readonly at: number; readonly run: TestRunSummary }
  | {
      readonly kind: "status_changed";
      readonly seq: number;
      readonly at: number;
      readonly run: TestRunSummary;
      readonly status: RunStatus;
    }
  | { readonly kind: "run_deleted"; readonly seq: number; readonly at: number; readonly runId: string }
  | {
      readonly kind: "items_added";
      readonly seq: number;
      readonly at: number;
      readonly runId: string;
      readonly items: ReadonlyArray<TestItem>;
      readonly counts: RunCounts;
    }
  | {
      readonly kind: "item_updated";
      readonly seq: number;
      readonly at: number;
      readonly runId: string;
      readonly item: TestItem;
      readonly counts: RunCounts;
      readonly previousStatus: ItemStatus | null;
    }
  | {
      readonly kind: "comment_added";
      readonly seq: number;
      readonly at: number;
      readonly runId: string;
      readonly comment: Comment;
    };

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isNullableString = (value: unknown): value is string | null => value === null || typeof value === "string";
const isNullableNumber = (value: unknown): value is number | null => value === null || isNumber(value);
const isLabels = (value: unknown): value is Record<string, string> =>
  isRecord(value) && Object.values(value).every(isString);

export const isItemStatus = (value: unknown): value is ItemStatus => itemStatuses.some((status) => status === value);
export const isRunStatus = (value: unknown): value is RunStatus => runStatuses.some((status) => status === value);
const isEventType = (value: unknown): value is EventType => eventTypes.some((type) => type === value);

export const isCounts = (value: unknown): value is RunCounts =>
  isRecord(value) && ["total", ...itemStatuses].every((key) => isNumber(value[key]));

export const isItem = (value: unknown): value is TestItem =>
  isRecord(value) &&
  isString(value.id) &&
  isString(value.runId) &&
  isNullableString(value.key) &&
  isString(value.title) &&
  isString(value.section) &&
  isNumber(value.position) &&
  isItemStatus(value.status) &&
  isNullableString(value.assignee) &&
  isNullableString(value.note) &&
  isNullableNumber(value.durationMs) &&
  isString(value.updatedAt) &&
  isNullableString(value.updatedBy) &&
  isNumber(value.version);

export const isRunSummary = (value: unknown): value is TestRunSummary =>
  isRecord(value) &&
  isString(value.id) &&
  isString(value.name) &&
  isNullableString(value.description) &&
  isLabels(value.labels) &&
  isRunStatus(value.status) &&
  isString(value.createdAt) &&
  isNullableString(value.startedAt) &&
  isNullableString(value.completedAt) &&
  isString(value.updatedAt) &&
  isNumber(value.version) &&
  isCounts(value.counts);

export const isRunDetail = (value: unknown): value is TestRunDetail =>
  isRunSummary(value) && Array.isArray((value as Rec).items) && ((value as Rec).items as unknown[]).every(isItem);

const isWallFailure = (value: unknown): value is WallFailure =>
  isRecord(value) &&
  isString(value.id) &&
  isString(value.title) &&
  isString(value.section) &&
  isNumber(value.at) &&
  isNullableString(value.by);
const isWallTester = (value: unknown): value is WallTester =>
  isRecord(value) && isString(value.name) && isNumber(value.at);
const isWallPoint = (value: unknown): value is WallPoint =>
  isRecord(value) && isNumber(value.at) && isNumber(value.done) && isNumber(value.failed);
const isArrayOf = <T>(value: unknown, is: (entry: unknown) => entry is T): value is ReadonlyArray<T> =>
  Array.isArray(value) && value.every(is);

/** A run as a wall's stream sends it: its summary, newest failures, testers and recent progress. */
export const isWallRun = (value: unknown): value is WallRun =>
  isRunSummary(value) &&
  isArrayOf((value as Rec).failures, isWallFailure) &&
  isArrayOf((value as Rec).testers, isWallTester) &&
  isNullableNumber((value as Rec).lastActivityAt) &&
  isArrayOf((value as Rec).progress, isWallPoint);

export const isComment = (value: unknown): value is Comment =>
  isRecord(value) &&
  isString(value.id) &&
  isString(value.runId) &&
  isNullableString(value.itemId) &&
  isString(value.author) &&
  isString(value.body) &&
  isString(value.createdAt);

/** Server time in ms from an ISO string; NaN-safe. */
export const timeOf = (iso: unknown): number => {
  const ms = isString(iso) ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/** A wire event from parsed JSON (the stream, or GET /api/test-runs/:id/events). */
export const toWireEvent = (value: unknown): WireEvent | null => {
  if (
    !isRecord(value) ||
    !isNumber(value.seq) ||
    !isEventType(value.type) ||
    !isString(value.testRunId) ||
    !isString(value.timestamp)
  )
    return null;
  return {
    seq: value.seq,
    type: value.type,
    testRunId: value.testRunId,
    ...(isString(value.itemId) ? { itemId: value.itemId } : {}),
    data: value.data,
    timestamp: value.timestamp,
  };
};

export const parseWireEvent = (text: string): WireEvent | null => {
  try {
    return toWireEvent(JSON.parse(text));
  } catch {
    return null;
  }
};

export const parseHeartbeat = (text: string): Heartbeat | null => {
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value) && isString(value.serverTime) && isNumber(value.lastEventId)) {
      // intervalMs 0: a server that does not say its interval (the client then learns it).
      const intervalMs = isNumber(value.intervalMs) && value.intervalMs > 0 ? value.intervalMs : 0;
      return { serverTime: value.serverTime, lastEventId: value.lastEventId, intervalMs };
    }
  } catch {
    // a malformed heartbeat is no sign of anything
  }
  return null;
};

/** Decodes one wire event; `batch` expands into its parts. Unknown or malformed data yields nothing. */
export const decodeEvent = (event: WireEvent): ReadonlyArray<LiveEvent> => {
  const { seq, testRunId: runId } = event;
  const at = timeOf(event.timestamp);
  const data = event.data;
  switch (event.type) {
    case "snapshot":
    case "reset": {
      if (!isRecord(data) || !Array.isArray(data.runs)) return [];
      const runs = data.runs.filter(
        (run: unknown): run is TestRunDetail | WallRun => isRunDetail(run) || isWallRun(run),
      );
      return [{ kind: "state", seq, at, reset: event.type === "reset", runs }];
    }
    case "run_created":
      return isRecord(data) && isRunDetail(data.run) ? [{ kind: "run_created", seq, at, run: data.run }] : [];
    case "run_updated":
      return isRecord(data) && isRunSummary(data.run) ? [{ kind: "run_updated", seq, at, run: data.run }] : [];
    case "status_changed":
      return isRecord(data) && isRunSummary(data.run) && isRunStatus(data.status)
        ? [{ kind: "status_changed", seq, at, run: data.run, status: data.status }]
        : [];
    case "run_deleted":
      return [{ kind: "run_deleted", seq, at, runId: isRecord(data) && isString(data.id) ? data.id : runId }];
    case "items_added":
      return isRecord(data) && Array.isArray(data.items) && isCounts(data.counts)
        ? [{ kind: "items_added", seq, at, runId, items: data.items.filter(isItem), counts: data.counts }]
        : [];
    case "item_updated":
      return isRecord(data) && isItem(data.item) && isCounts(data.counts)
        ? [
            {
              kind: "item_updated",
              seq,
              at,
              runId,
              item: data.item,
              counts: data.counts,
              previousStatus: isItemStatus(data.previousStatus) ? data.previousStatus : null,
            },
          ]
        : [];
    case "comment_added":
      return isRecord(data) && isComment(data.comment)
        ? [{ kind: "comment_added", seq, at, runId, comment: data.comment }]
        : [];
    case "batch": {
      // Reserved for bulk imports: `data` is a list of events (or `{ events }`), all under this seq.
      const parts: unknown[] = Array.isArray(data)
        ? data
        : isRecord(data) && Array.isArray(data.events)
          ? data.events
          : [];
      return parts.flatMap((part) => {
        if (!isRecord(part) || !isEventType(part.type) || part.type === "batch") return [];
        return decodeEvent({
          seq,
          type: part.type,
          testRunId: isString(part.testRunId) ? part.testRunId : runId,
          data: part.data,
          timestamp: isString(part.timestamp) ? part.timestamp : event.timestamp,
        });
      });
    }
  }
};
