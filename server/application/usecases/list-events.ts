import { Effect } from "effect";
import type { EventsQuery } from "../../domain/requests.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";

/**
 * Event data per page of GET /events: a page of large batches stops early (follow `next`), so a
 * request for 5,000 events never builds hundreds of megabytes.
 */
export const EventsPageBytes = 1024 * 1024;

/** The event log of one run, for the progress-over-time chart and for audits. */
export const listRunEvents = Effect.fn("listRunEvents")(function* (runId: string, query: EventsQuery) {
  const repo = yield* TestRunRepository;
  yield* repo.getRunSummary(runId);
  const limit = query.limit ?? 1_000;
  const page = yield* repo.eventsAfter(query.after ?? 0, { runIds: [runId] }, { limit, maxBytes: EventsPageBytes });
  const last = page.events[page.events.length - 1];
  return { events: page.events, next: page.more && last !== undefined ? last.seq : null };
});

/** Keeps the newest `keep` events; a client resuming from before them gets a reset. */
export const pruneEventLog = Effect.fn("pruneEventLog")(function* (keep: number) {
  const repo = yield* TestRunRepository;
  return yield* repo.pruneEvents(keep);
});
