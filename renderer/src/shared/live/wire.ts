import { Exit, Schema } from "effect";
import { Comment } from "../../../../server/domain/comment.ts";
import { type EventData, type EventKind, StreamEventSchema } from "../../../../server/domain/events.ts";
import type { RunCounts } from "../../../../server/domain/run-counts.ts";
import type { Heartbeat } from "../../../../server/domain/sse-wire.ts";
import { type ItemStatus, ItemStatuses, TestItem } from "../../../../server/domain/test-item.ts";
import type { RunStatus, TestRunDetail, TestRunSummary } from "../../../../server/domain/test-run.ts";
import type { WallFailure, WallRun, WallTester } from "../../../../server/domain/wall-run.ts";

/**
 * The stream's messages, read at the edge with the contract's own schemas (server/domain/events.ts):
 * an event the renderer accepts is exactly an event the server can build, and a payload change
 * on the server is a type error here.
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
export { ItemStatuses };

/** One unnamed SSE message, decoded by `StreamEventSchema`: `{ seq, type, testRunId, itemId?, data, timestamp }`. */
export type WireEvent = typeof StreamEventSchema.Type;

/** A wire event turned into what it means, times as server ms. */
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
      readonly previousStatus: ItemStatus;
    }
  | {
      readonly kind: "comment_added";
      readonly seq: number;
      readonly at: number;
      readonly runId: string;
      readonly comment: Comment;
    };

/**
 * The contract's decoders, made once (constants, not state). Decoding strips keys the schema does
 * not name and fails on anything it does not allow; the first problem ends it.
 */
const decodeStreamEvent = Schema.decodeUnknownExit(StreamEventSchema);
/** An item as the REST API answers it (the outbox's saved or conflicting item). */
export const isItem = Schema.is(TestItem);
/** A comment as the REST API answers it. */
export const isComment = Schema.is(Comment);

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec => typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** Server time in ms from an ISO string; NaN-safe. */
export const timeOf = (iso: unknown): number => {
  const ms = isString(iso) ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
};

/**
 * A stream event from parsed JSON (the stream, or GET /api/test-runs/:id/events), or null when the
 * contract's schema does not accept it: the caller drops it and carries on.
 */
export const toWireEvent = (value: unknown): WireEvent | null => {
  const exit = decodeStreamEvent(value);
  return Exit.isSuccess(exit) ? exit.value : null;
};

export const parseWireEvent = (text: string): WireEvent | null => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return toWireEvent(value);
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

/** A type with its own payload: an event, or one part of a batch. */
type Payload = { readonly [K in EventKind]: { readonly type: K; readonly data: EventData<K> } }[EventKind];

const liveEventsOfPayload = (payload: Payload, seq: number, at: number, runId: string): ReadonlyArray<LiveEvent> => {
  switch (payload.type) {
    case "snapshot":
    case "reset":
      return [{ kind: "state", seq, at, reset: payload.type === "reset", runs: payload.data.runs }];
    case "run_created":
      return [{ kind: "run_created", seq, at, run: payload.data.run }];
    case "run_updated":
      return [{ kind: "run_updated", seq, at, run: payload.data.run }];
    case "status_changed":
      return [{ kind: "status_changed", seq, at, run: payload.data.run, status: payload.data.status }];
    case "run_deleted":
      return [{ kind: "run_deleted", seq, at, runId: payload.data.id }];
    case "items_added":
      return [{ kind: "items_added", seq, at, runId, items: payload.data.items, counts: payload.data.counts }];
    case "item_updated": {
      const { item, counts, previousStatus } = payload.data;
      return [{ kind: "item_updated", seq, at, runId, item, counts, previousStatus }];
    }
    case "comment_added":
      return [{ kind: "comment_added", seq, at, runId, comment: payload.data.comment }];
    case "batch":
      // A bulk import: its parts are ordinary events of this run, all under the batch's seq, in order.
      return payload.data.events.flatMap((part) => liveEventsOfPayload(part, seq, at, runId));
  }
};

/** What a decoded event means for a page; `batch` expands into its parts. */
export const liveEventsOf = (event: WireEvent): ReadonlyArray<LiveEvent> =>
  liveEventsOfPayload(event, event.seq, timeOf(event.timestamp), event.testRunId);
