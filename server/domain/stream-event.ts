import { Schema } from "effect";

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
export type LoggedEventType = Exclude<EventType, "snapshot" | "reset">;

/**
 * One event as it travels: `seq` is the global, strictly increasing event-log sequence and the
 * SSE `id:`; `timestamp` is server time (ISO 8601).
 */
export interface StreamEvent {
  readonly seq: number;
  readonly type: EventType;
  readonly testRunId: string;
  readonly itemId?: string;
  readonly data: unknown;
  readonly timestamp: string;
}

/** The testRunId of events that concern more than one run (a multiplexed snapshot). */
export const AllRuns = "*";
