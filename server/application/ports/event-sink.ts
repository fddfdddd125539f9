import { Context } from "effect";
import type { StreamEvent } from "../../domain/stream-event.ts";

/**
 * Where a store hands the events of each write once its transaction is committed (durable): in
 * commit order, which is seq order, synchronously, before the write's caller hears of it. The
 * in-process hub delivers them to its topics. It must not block, and it must not throw: a
 * failure to deliver never un-acknowledges a durable write (clients catch up from the log).
 */
export class EventSink extends Context.Service<
  EventSink,
  {
    readonly committed: (events: ReadonlyArray<StreamEvent>) => void;
  }
>()("medi-test/EventSink") {}
