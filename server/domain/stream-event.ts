import { Schema } from "effect";
import type { LoggedKind, TypedEvent } from "./events.ts";

export const EventTypes = [
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
] as const;
export const EventType = Schema.Literals(EventTypes);
export type EventType = typeof EventType.Type;

/** Event types that are stored in the event log (snapshot and reset are per-connection only). */
export type LoggedEventType = LoggedKind;

/**
 * One event as it travels: `seq` is the global, strictly increasing event-log sequence and the
 * SSE `id:`; `timestamp` is server time (ISO 8601); `data` is the payload of its `type`
 * (events.ts).
 */
export type StreamEvent = TypedEvent;

/** The testRunId of events that concern more than one run (a multiplexed snapshot). */
export const AllRuns = "*";
