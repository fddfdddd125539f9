import { Effect, Layer } from "effect";
import { EventLogReader } from "../../../application/ports/event-log-reader.ts";
import { makePgEventLog } from "./pg-event-log.ts";
import { PostgresDatabase } from "./pg-services.ts";

/**
 * The event log's read side on PostgreSQL, from the pool alone (no repository, so no EventSink):
 * what an instance's relay reads gaps from. Reads go to the primary the writers commit to, so a
 * seq seen anywhere is already readable here.
 */
export const PgEventLogReaderLive = Layer.effect(
  EventLogReader,
  Effect.gen(function* () {
    const pool = (yield* PostgresDatabase).$client;
    const log = makePgEventLog();
    return EventLogReader.of({
      eventsAfter: (after, selection, page) =>
        Effect.promise(() => log.after(pool, after, selection.runIds, page.limit, page.maxBytes)),
      eventBounds: Effect.promise(() => log.bounds(pool)),
    });
  }),
);
