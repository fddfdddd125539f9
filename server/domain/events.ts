import { Schema } from "effect";
import { Comment } from "./comment.ts";
import { RunCounts } from "./run-counts.ts";
import { ItemStatus, TestItem } from "./test-item.ts";
import { RunStatus, TestRunDetail, TestRunSummary } from "./test-run.ts";
import { WallRun } from "./wall-run.ts";

/**
 * The stream's contract: every event the server sends and its payload, as schemas. The server
 * builds events only through `draftEvent` (decisions) and `stateEvent` below, the API document
 * describes them from these schemas, and docs/protocol.md explains them.
 */

export const ItemUpdatedData = Schema.Struct({
  item: TestItem,
  /** The run's counts after the change: a board never recounts. */
  counts: RunCounts,
  previousStatus: ItemStatus,
});
export const ItemsAddedData = Schema.Struct({ items: Schema.Array(TestItem), counts: RunCounts });
export const StatusChangedData = Schema.Struct({ status: RunStatus, previousStatus: RunStatus, run: TestRunSummary });
export const RunCreatedData = Schema.Struct({ run: TestRunDetail });
export const RunUpdatedData = Schema.Struct({ run: TestRunSummary });
export const RunDeletedData = Schema.Struct({ id: Schema.String });
export const CommentAddedData = Schema.Struct({ comment: Comment });

/**
 * A run's own stream sends every item (RunDetail); a wall's stream what a wall shows (WallRun).
 * WallRun is tried first: a wall's snapshot holds up to 10,000 of them and one run's snapshot a
 * single RunDetail, so each run of the large message is read once (the two never overlap: a
 * WallRun has no `items`, a RunDetail no `failures`).
 */
export const StateData = Schema.Struct({ runs: Schema.Array(Schema.Union([WallRun, TestRunDetail])) });

/** One part of a bulk import: an ordinary event without its own seq or time. */
export const BatchPart = Schema.Union([
  Schema.Struct({ type: Schema.Literal("status_changed"), data: StatusChangedData }),
  Schema.Struct({ type: Schema.Literal("items_added"), data: ItemsAddedData }),
  Schema.Struct({ type: Schema.Literal("item_updated"), itemId: Schema.String, data: ItemUpdatedData }),
]);
export type BatchPart = typeof BatchPart.Type;
export const BatchData = Schema.Struct({ events: Schema.Array(BatchPart) });

/** Payload schema of each event type. */
export const EventPayloads = {
  snapshot: StateData,
  reset: StateData,
  item_updated: ItemUpdatedData,
  items_added: ItemsAddedData,
  status_changed: StatusChangedData,
  run_created: RunCreatedData,
  run_updated: RunUpdatedData,
  run_deleted: RunDeletedData,
  comment_added: CommentAddedData,
  batch: BatchData,
} as const;

export type EventKind = keyof typeof EventPayloads;
export type EventData<K extends EventKind> = (typeof EventPayloads)[K]["Type"];

/** Event types that are stored in the event log (snapshot and reset are per-connection only). */
export type LoggedKind = Exclude<EventKind, "snapshot" | "reset">;

const envelope = {
  /** Global, strictly increasing event-log sequence; the SSE `id:`. */
  seq: Schema.Int,
  testRunId: Schema.String,
  itemId: Schema.optionalKey(Schema.String),
  /** Server time, ISO 8601. */
  timestamp: Schema.String,
};

const eventOf = <K extends EventKind>(type: K) =>
  Schema.Struct({
    seq: envelope.seq,
    type: Schema.Literal(type),
    testRunId: envelope.testRunId,
    itemId: envelope.itemId,
    data: EventPayloads[type],
    timestamp: envelope.timestamp,
  });

/** Every message of the stream, discriminated by `type`. */
export const StreamEventSchema = Schema.Union([
  eventOf("snapshot"),
  eventOf("reset"),
  eventOf("item_updated"),
  eventOf("items_added"),
  eventOf("status_changed"),
  eventOf("run_created"),
  eventOf("run_updated"),
  eventOf("run_deleted"),
  eventOf("comment_added"),
  eventOf("batch"),
]);

/** One event as the server builds it: a type with its own payload. */
export type TypedEvent<K extends EventKind = EventKind> = K extends EventKind
  ? {
      readonly seq: number;
      readonly type: K;
      readonly testRunId: string;
      readonly itemId?: string;
      readonly data: EventData<K>;
      readonly timestamp: string;
    }
  : never;

/**
 * An event a decision makes (write-model/): what changed, before the log gives it its seq. The
 * store appends it in the transaction that saves the change (the outbox).
 */
export type EventDraft<K extends LoggedKind = LoggedKind> = K extends LoggedKind
  ? {
      readonly type: K;
      readonly testRunId: string;
      readonly itemId: string | null;
      readonly data: EventData<K>;
      /** Server time, ms since the epoch. */
      readonly at: number;
    }
  : never;

/** A decision's event; the only way the server makes one. */
export const draftEvent = <K extends LoggedKind>(
  type: K,
  testRunId: string,
  itemId: string | null,
  data: EventData<K>,
  at: number,
): EventDraft<K> => ({ type, testRunId, itemId, data, at }) as EventDraft<K>;

/** A drafted event as the log holds it: with its seq and ISO time. */
export const loggedEvent = <K extends LoggedKind>(seq: number, draft: EventDraft<K>): TypedEvent<K> =>
  ({
    seq,
    type: draft.type,
    testRunId: draft.testRunId,
    ...(draft.itemId === null ? {} : { itemId: draft.itemId }),
    data: draft.data,
    timestamp: new Date(draft.at).toISOString(),
  }) as TypedEvent<K>;

/** A connection's first state (`snapshot`) or the state that replaces a replay (`reset`). */
export const stateEvent = (
  seq: number,
  type: "snapshot" | "reset",
  testRunId: string,
  runs: EventData<"snapshot">["runs"],
  timestamp: string,
): TypedEvent<"snapshot" | "reset"> =>
  ({ seq, type, testRunId, data: { runs }, timestamp }) as TypedEvent<"snapshot" | "reset">;
