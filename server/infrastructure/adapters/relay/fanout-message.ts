import { Result, Schema } from "effect";
import { StreamEventSchema } from "../../../domain/events.ts";
import { eventJson } from "../../../domain/sse-wire.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";

/**
 * One committed event as the fan-out carries it between instances: the event's own JSON, as a
 * stream sends it (events.ts is the contract). Outside input on the way in: decoded with the
 * contract's schema.
 */
export const fanoutMessage = (event: StreamEvent): string => eventJson(event);

export type FanoutMessage =
  | { readonly _tag: "event"; readonly event: StreamEvent }
  /** Already forwarded (this instance's own events come back too): not decoded further. */
  | { readonly _tag: "seen"; readonly seq: number }
  | { readonly _tag: "bad"; readonly reason: string };

const parseJson = Schema.decodeUnknownResult(Schema.fromJsonString(Schema.Unknown));
const decodeSeq = Schema.decodeUnknownResult(Schema.Struct({ seq: Schema.Int }));
const decodeEvent = Schema.decodeUnknownResult(StreamEventSchema);

const bad = (reason: string): FanoutMessage => ({ _tag: "bad", reason: reason.slice(0, 300) });

/** How every event's JSON begins (eventJson): its seq is read from there without parsing the rest. */
const leadingSeq = /^\{"seq":(\d{1,15}),/;

/** Reads a message; one at or below `last` is only read as far as its seq. */
export const readFanoutMessage = (message: string, last: number): FanoutMessage => {
  // This instance's own events come back from Redis: recognise them without parsing a large batch.
  const lead = leadingSeq.exec(message);
  if (lead !== null && Number(lead[1]) <= last) return { _tag: "seen", seq: Number(lead[1]) };
  const json = parseJson(message);
  if (Result.isFailure(json)) return bad(`not JSON: ${json.failure.message}`);
  const seq = decodeSeq(json.success);
  if (Result.isFailure(seq)) return bad(seq.failure.message);
  if (seq.success.seq <= last) return { _tag: "seen", seq: seq.success.seq };
  const event = decodeEvent(json.success);
  if (Result.isFailure(event)) return bad(event.failure.message);
  // State messages are made per connection and never logged: none travels between instances.
  if (event.success.type === "snapshot" || event.success.type === "reset") return bad(`a ${event.success.type}`);
  return { _tag: "event", event: event.success };
};
