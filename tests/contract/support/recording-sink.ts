import { Layer } from "effect";
import { EventSink } from "../../../server/application/ports/event-sink.ts";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";

/** What happened, in the order it happened: a delivery to the sink, or a write's caller hearing of its commit. */
export type JournalEntry =
  | { readonly kind: "delivered"; readonly seqs: ReadonlyArray<number> }
  | { readonly kind: "acknowledged"; readonly seqs: ReadonlyArray<number> };

export const seqsOf = (events: ReadonlyArray<StreamEvent>): number[] => events.map((event) => event.seq);

/**
 * An EventSink that keeps what it receives, and a journal shared with the tests, so they can see
 * that each write's events reached the sink once, in seq order, before its caller was answered.
 */
export const makeRecordingSink = () => {
  const deliveries: Array<ReadonlyArray<StreamEvent>> = [];
  const journal: JournalEntry[] = [];
  const listeners: Array<(events: ReadonlyArray<StreamEvent>) => void> = [];

  const committed = (events: ReadonlyArray<StreamEvent>): void => {
    // A write that changed nothing may or may not be handed over: only events count.
    if (events.length === 0) return;
    deliveries.push([...events]);
    journal.push({ kind: "delivered", seqs: seqsOf(events) });
    for (const listener of listeners) listener(events);
  };

  return {
    layer: Layer.succeed(EventSink, EventSink.of({ committed })),
    /** Each write's events as one delivery, in the order they arrived (writes without events left out). */
    deliveries: (): ReadonlyArray<ReadonlyArray<StreamEvent>> => deliveries,
    /** Every event delivered, in the order it arrived. */
    delivered: (): ReadonlyArray<StreamEvent> => deliveries.flat(),
    journal: (): ReadonlyArray<JournalEntry> => journal,
    /** A test notes that a write's caller was answered with these events. */
    acknowledged: (events: ReadonlyArray<StreamEvent>): void => {
      journal.push({ kind: "acknowledged", seqs: seqsOf(events) });
    },
    /** Called synchronously on each delivery, after it is recorded. */
    onDelivery: (listener: (events: ReadonlyArray<StreamEvent>) => void): void => {
      listeners.push(listener);
    },
  };
};

export type RecordingSink = ReturnType<typeof makeRecordingSink>;
