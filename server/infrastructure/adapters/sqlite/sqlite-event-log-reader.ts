import { Effect, Layer } from "effect";
import { EventLogReader } from "../../../application/ports/event-log-reader.ts";
import { makeEventLog } from "./event-log.ts";
import { SqliteDatabase } from "./sqlite-database.ts";
import { read } from "./transaction.ts";

/**
 * The event log's read side on the lab database, without the repository (and so without the
 * EventSink): what a relay reads gaps from. Each read sees one consistent state.
 */
export const SqliteEventLogReaderLive = Layer.effect(
  EventLogReader,
  Effect.gen(function* () {
    const db = yield* SqliteDatabase;
    const log = makeEventLog(db.$client);
    return EventLogReader.of({
      eventsAfter: (after, selection, page) =>
        read(db, () => log.after(after, selection.runIds, page.limit, page.maxBytes)),
      eventBounds: read(db, () => log.bounds()),
    });
  }),
);
