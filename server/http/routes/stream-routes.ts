import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Effect, Schema } from "effect";
import { getTestRunSummary } from "../../application/usecases/read-test-runs.ts";
import type { StreamTarget } from "../../application/usecases/open-event-stream.ts";
import { RunIdParams, StreamQuery } from "../../domain/requests.ts";
import { HttpError } from "../api-error.ts";
import { decodeInput } from "../decode.ts";
import type { HttpContext } from "../http-context.ts";
import { attempt, guard, guardEffect, replyError, runRequest } from "../route-spec.ts";
import { eventStreamHeaders, serveEventStream } from "../sse/event-stream.ts";
import type { RouteDoc } from "../openapi.ts";

const RunIdList = Schema.Array(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))).check(
  Schema.isMinLength(1),
  Schema.isMaxLength(200),
);

/** EventSource cannot send headers: the first connection names its resume point in the query. */
const lastEventIdOf = (request: FastifyRequest, query: { readonly lastEventId?: string }): string | undefined => {
  const header = request.headers["last-event-id"];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && value !== "" ? value : query.lastEventId;
};

/** EventSource cannot send Authorization either: labs that hide boards pass ?access_token=. */
const withQueryToken = (request: FastifyRequest): void => {
  const query = request.query as Record<string, unknown> | undefined;
  const token = query?.access_token;
  if (typeof token === "string" && request.headers.authorization === undefined) {
    request.headers.authorization = `Bearer ${token}`;
  }
  if (query !== undefined) delete query.access_token;
};

const targetOf = (query: typeof StreamQuery.Type): StreamTarget => {
  if (query.all === "1" || query.all === "true") return { _tag: "all" };
  if (query.runs === undefined) {
    throw new HttpError(400, "invalid_query", "Say which runs to stream: ?runs=<id>,<id> or ?all=1");
  }
  const runIds = [
    ...new Set(
      query.runs
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    ),
  ];
  return { _tag: "runs", runIds: decodeInput(RunIdList, runIds, "query") };
};

/** What a stream URL may carry: `access_token` is taken off the query before it is decoded. */
const StreamQueryDoc = Schema.Struct({
  ...StreamQuery.fields,
  access_token: Schema.optionalKey(Schema.String),
});

export const streamRouteDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "GET",
    url: "/api/test-runs/:id/stream",
    summary:
      "Server-Sent Events for one run: a snapshot, then every change (id: = event seq; resume with Last-Event-ID or ?lastEventId=)",
    tag: "stream",
    role: "viewer",
    params: RunIdParams,
    query: StreamQueryDoc,
    stream: true,
  },
  {
    method: "GET",
    url: "/api/stream",
    summary: "One multiplexed Server-Sent Events stream for several runs (?runs=a,b) or every run (?all=1)",
    tag: "stream",
    role: "viewer",
    query: StreamQueryDoc,
    stream: true,
  },
];

/**
 * HEAD (Fastify answers it with the GET handler): the same checks and headers as the stream,
 * then done. Holding it open like a stream would tie up a connection for a body never sent.
 */
const answerHead = (reply: FastifyReply): FastifyReply =>
  reply
    .code(200)
    .header("content-type", eventStreamHeaders["content-type"])
    .header("cache-control", eventStreamHeaders["cache-control"])
    .send();

export const registerStreamRoutes = (app: FastifyInstance, ctx: HttpContext): void => {
  app.get("/api/test-runs/:id/stream", async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      withQueryToken(request);
      // One runtime call: who may look, the input, and whether the run exists (a 404 before the stream starts).
      const { params, query } = await runRequest(
        ctx,
        request,
        Effect.gen(function* () {
          yield* guardEffect(ctx, request, "GET", "viewer");
          const input = yield* attempt(() => ({
            params: decodeInput(RunIdParams, request.params, "params"),
            query: decodeInput(StreamQuery, request.query ?? {}, "query"),
          }));
          yield* getTestRunSummary(input.params.id);
          return input;
        }),
      );
      if (request.method === "HEAD") return answerHead(reply);
      serveEventStream(ctx, request, reply, { _tag: "run", runId: params.id }, lastEventIdOf(request, query));
    } catch (error) {
      replyError(reply, error);
    }
  });

  app.get("/api/stream", async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      withQueryToken(request);
      await guard(ctx, request, "GET", "viewer");
      const query = decodeInput(StreamQuery, request.query ?? {}, "query");
      const target = targetOf(query);
      if (request.method === "HEAD") return answerHead(reply);
      serveEventStream(ctx, request, reply, target, lastEventIdOf(request, query));
    } catch (error) {
      replyError(reply, error);
    }
  });
};
