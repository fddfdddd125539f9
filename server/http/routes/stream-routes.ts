import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { Effect, Schema } from "effect";
import type { Principal } from "../../application/ports/token-store.ts";
import { Secrets } from "../../application/ports/secrets.ts";
import { bearerToken } from "../../application/usecases/authenticate.ts";
import { getTestRunSummary } from "../../application/usecases/read-test-runs.ts";
import type { StreamTarget } from "../../application/usecases/open-event-stream.ts";
import { RunIdParams, StreamQuery } from "../../domain/requests.ts";
import { HttpError } from "../api-error.ts";
import { decodeInput } from "../decode.ts";
import type { HttpContext } from "../http-context.ts";
import { attempt, type GuardedRequest, guardEffect, replyError, runRequest } from "../route-spec.ts";
import { eventStreamHeaders, refusalOf, serveEventStream, startEventStream } from "../sse/event-stream.ts";
import { plainStreamRequest } from "../sse/plain-stream-request.ts";
import { installStreamTakeover } from "../sse/stream-takeover.ts";
import type { RouteDoc } from "../openapi.ts";

const RunIdList = Schema.Array(Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(64))).check(
  Schema.isMinLength(1),
  Schema.isMaxLength(200),
);

/** A stream request as the checks read it: a Fastify request, or one taken over before Fastify. */
interface StreamAsk extends GuardedRequest {
  readonly params?: unknown;
  readonly query: unknown;
}

/** EventSource cannot send headers: the first connection names its resume point in the query. */
const lastEventIdOf = (ask: StreamAsk, query: { readonly lastEventId?: string }): string | undefined => {
  const header = ask.headers["last-event-id"];
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && value !== "" ? value : query.lastEventId;
};

/** EventSource cannot send Authorization either: labs that hide boards pass ?access_token=. */
const withQueryToken = (ask: StreamAsk): void => {
  const query = ask.query as Record<string, unknown> | undefined;
  const token = query?.access_token;
  if (typeof token === "string" && ask.headers.authorization === undefined) {
    ask.headers.authorization = `Bearer ${token}`;
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

interface ResolvedStream {
  readonly target: StreamTarget;
  readonly lastEventId: string | undefined;
  readonly credential: string | null;
}

/**
 * The hash of the token a stream is opened with, kept so that revoking the token ends the stream
 * (sse/revocation-sweep.ts). None for anonymous viewers and for the admin token, which is not revoked.
 */
const credentialOf = (ask: StreamAsk, principal: Principal | null) =>
  Effect.gen(function* () {
    if (principal === null || principal.kind === "bootstrap") return null;
    const header = ask.headers.authorization;
    const token = bearerToken(Array.isArray(header) ? header[0] : header);
    if (typeof token !== "string") return null;
    return (yield* Secrets).hashToken(token);
  });

/** `/api/test-runs/:id/stream` in one runtime call: who may look, the input, and whether the run exists (a 404 before the stream starts). */
const resolveRunStream = async (ctx: HttpContext, ask: StreamAsk): Promise<ResolvedStream> => {
  withQueryToken(ask);
  const { params, query, credential } = await runRequest(
    ctx,
    ask,
    Effect.gen(function* () {
      const principal = yield* guardEffect(ctx, ask, "GET", "viewer");
      const input = yield* attempt(() => ({
        params: decodeInput(RunIdParams, ask.params, "params"),
        query: decodeInput(StreamQuery, ask.query ?? {}, "query"),
      }));
      yield* getTestRunSummary(input.params.id);
      return { ...input, credential: yield* credentialOf(ask, principal) };
    }),
  );
  return { target: { _tag: "run", runId: params.id }, lastEventId: lastEventIdOf(ask, query), credential };
};

/** `/api/stream?runs=` or `?all=1`: who may look, then which runs. */
const resolveRunsStream = async (ctx: HttpContext, ask: StreamAsk): Promise<ResolvedStream> => {
  withQueryToken(ask);
  const credential = await runRequest(
    ctx,
    ask,
    Effect.flatMap(guardEffect(ctx, ask, "GET", "viewer"), (principal) => credentialOf(ask, principal)),
  );
  const query = decodeInput(StreamQuery, ask.query ?? {}, "query");
  return { target: targetOf(query), lastEventId: lastEventIdOf(ask, query), credential };
};

/**
 * Both stream routes. A plain GET of a stream URL is taken from Node before Fastify builds its
 * request objects (sse/stream-takeover.ts): the same checks run on it, and a refused one is passed
 * on to Fastify with its answer, which the route sends as it would its own (the same shape and
 * headers). HEAD and anything unusual reach the routes as before.
 */
export const registerStreamRoutes = (app: FastifyInstance, ctx: HttpContext): void => {
  const refused = new WeakMap<IncomingMessage, { readonly error: unknown }>();
  const answerRefused = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const handed = refused.get(request.raw);
    if (handed === undefined) return false;
    refused.delete(request.raw);
    replyError(reply, handed.error);
    return true;
  };

  app.get("/api/test-runs/:id/stream", async (request: FastifyRequest, reply: FastifyReply) => {
    if (answerRefused(request, reply)) return;
    try {
      const { target, lastEventId, credential } = await resolveRunStream(ctx, request);
      if (request.method === "HEAD") return answerHead(reply);
      serveEventStream(ctx, request, reply, target, lastEventId, credential);
    } catch (error) {
      replyError(reply, error);
    }
  });

  app.get("/api/stream", async (request: FastifyRequest, reply: FastifyReply) => {
    if (answerRefused(request, reply)) return;
    try {
      const { target, lastEventId, credential } = await resolveRunsStream(ctx, request);
      if (request.method === "HEAD") return answerHead(reply);
      serveEventStream(ctx, request, reply, target, lastEventId, credential);
    } catch (error) {
      replyError(reply, error);
    }
  });

  // Behind trusted proxies the client's address needs Fastify's proxy rules: those stay with Fastify.
  if (ctx.config.trustProxy.length > 0) return;
  installStreamTakeover(app.server, (req, res, passOn) => {
    if (ctx.streams.closing()) return false;
    const plain = plainStreamRequest(req);
    if (plain === undefined) return false;
    const ip = req.socket.remoteAddress ?? "";
    const ask: StreamAsk = { headers: req.headers, ip, log: app.log, ...plain };
    const refuse = (error: unknown): void => {
      refused.set(req, { error });
      passOn(req, res);
    };
    (plain.route === "run" ? resolveRunStream(ctx, ask) : resolveRunsStream(ctx, ask)).then(
      ({ target, lastEventId, credential }) => {
        const refusal = refusalOf(ctx, ip);
        if (refusal !== undefined) refuse(refusal);
        else startEventStream(ctx, { ip, res, log: app.log, credential }, target, lastEventId);
      },
      refuse,
    );
    return true;
  });
};
