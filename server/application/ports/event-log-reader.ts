import { Context } from "effect";
import type { TestRunRepository } from "./test-run-repository.ts";

/**
 * The read side of the event log alone: what an instance's relay needs to fill gaps and notice
 * silence. Apart from the repository because the repository needs the EventSink, which in scale-out
 * mode is the relay: a store provides this from its connection (pool), not from its write side.
 * Same signatures as the repository's, so one implementation serves both.
 */
export class EventLogReader extends Context.Service<
  EventLogReader,
  Pick<TestRunRepository["Service"], "eventsAfter" | "eventBounds">
>()("medi-test/EventLogReader") {}
