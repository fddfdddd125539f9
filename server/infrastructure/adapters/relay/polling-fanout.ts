import { Effect, Layer } from "effect";
import { EventSink } from "../../../application/ports/event-sink.ts";
import { defaultPollMs, makeRelay } from "./relay.ts";

export interface PollingFanoutOptions {
  /** How often the log is polled: the most another instance's event waits. Default 1000 ms. */
  readonly pollMs?: number;
}

/**
 * Several instances on one shared log without Redis: each instance's relay polls the log's end
 * every `pollMs` and reads what the other instances committed, so their events reach this
 * instance's streams within `pollMs` (this instance's own, at once). Provides the stores'
 * EventSink; needs the log's reader and this instance's hub topics (MemoryHubLive).
 */
export const PollingFanoutLive = (options: PollingFanoutOptions = {}) =>
  Layer.effect(
    EventSink,
    Effect.map(makeRelay({ pollMs: options.pollMs ?? defaultPollMs, gapGraceMs: 0 }), (relay) =>
      EventSink.of({ committed: relay.local }),
    ),
  );
