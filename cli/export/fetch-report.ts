import { Effect, Schema } from "effect";
import { Comment } from "../../server/domain/comment.ts";
import { StreamEventSchema } from "../../server/domain/events.ts";
import { TestRunDetail } from "../../server/domain/test-run.ts";
import { serverVersion } from "../../server/version.ts";
import type { Connection } from "../connection.ts";
import { Failure, type ServerError, type Unreachable } from "../errors.ts";
import { fetchJson } from "../http-client.ts";
import type { ProgressPoint } from "../../renderer/src/shared/live/progress-series.ts";
import { addEvents, type ReportModel, reportModel } from "./report-model.ts";

/** GET /api/test-runs/:id/comments */
export const CommentsAnswer = Schema.Struct({ comments: Schema.Array(Comment) });
/** GET /api/test-runs/:id/events?after=… — a page of the log and where the next starts (null: none). */
export const EventsAnswer = Schema.Struct({ events: Schema.Array(StreamEventSchema), next: Schema.NullOr(Schema.Int) });
/** The part of GET /api/health a report names. */
const HealthAnswer = Schema.Struct({ labName: Schema.String, version: Schema.String });

const eventsPageSize = 5_000;
/** A bound on a log that never ends (a server bug): far more than any run's history. */
const maxEventPages = 2_000;

/** The run's whole event log, page after page, oldest first, folded into its progress curve as it comes. */
export const fetchRunProgress = (
  connection: Connection,
  runId: string,
): Effect.Effect<ReadonlyArray<ProgressPoint>, Unreachable | ServerError | Failure> =>
  Effect.gen(function* () {
    let points: ReadonlyArray<ProgressPoint> = [];
    let after = 0;
    for (let page = 0; page < maxEventPages; page++) {
      const answer = yield* fetchJson(connection, {
        method: "GET",
        path: `/api/test-runs/${encodeURIComponent(runId)}/events?after=${after}&limit=${eventsPageSize}`,
        response: EventsAnswer,
      });
      points = addEvents(points, runId, answer.events);
      if (answer.next === null) return points;
      if (answer.next <= after)
        return yield* new Failure({ message: `the server's event log did not move past ${after}` });
      after = answer.next;
    }
    return yield* new Failure({ message: `the run's event log has more than ${maxEventPages} pages` });
  });

/**
 * Everything a report needs from the server: the run with its items (a 404 for an unknown run is
 * the command's one-line error), its comments, its event log, and the lab's name and version
 * (left out when the server will not say).
 */
export const fetchReport = (
  connection: Connection,
  runId: string,
  now: () => Date = () => new Date(),
): Effect.Effect<ReportModel, Unreachable | ServerError | Failure> =>
  Effect.gen(function* () {
    const runPath = `/api/test-runs/${encodeURIComponent(runId)}`;
    const run = yield* fetchJson(connection, { method: "GET", path: runPath, response: TestRunDetail });
    const { comments } = yield* fetchJson(connection, {
      method: "GET",
      path: `${runPath}/comments`,
      response: CommentsAnswer,
    });
    const progress = yield* fetchRunProgress(connection, runId);
    const health = yield* fetchJson(connection, { method: "GET", path: "/api/health", response: HealthAnswer }).pipe(
      Effect.catchTag(["ServerError", "Failure"], () => Effect.succeed(null)),
    );
    return reportModel({
      run,
      comments,
      progress,
      generatedAt: now().toISOString(),
      generatorVersion: serverVersion,
      server: { url: connection.url, labName: health?.labName ?? null, version: health?.version ?? null },
    });
  });
