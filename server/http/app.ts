import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { Effect } from "effect";
import { TokenStore } from "../application/ports/token-store.ts";
import type { Config } from "../config.ts";
import { HttpError, sendError } from "./api-error.ts";
import type { AppRuntime } from "./app-runtime.ts";
import type { HttpContext } from "./http-context.ts";
import { answerClientError, registerNodeRejections } from "./node-rejections.ts";
import { makeHostCheck } from "./origin-guard.ts";
import { makeAuthThrottle, makeRateLimiter } from "./rate-limiter.ts";
import { registerRoute } from "./route-spec.ts";
import { startRevocationSweep } from "./sse/revocation-sweep.ts";
import { makeTokenThrottle } from "./token-throttle.ts";
import { authRoutes } from "./routes/auth-routes.ts";
import { backupRouteDocs, backupRoutes, registerBackupDownload } from "./routes/backup-routes.ts";
import { healthRoutes } from "./routes/health-routes.ts";
import { junitRouteDocs, registerJunitRoutes } from "./routes/junit-routes.ts";
import { registerOpenApiRoute } from "./routes/openapi-routes.ts";
import { registerHomePage } from "./routes/home-page.ts";
import { registerRenderer } from "./routes/renderer-routes.ts";
import { registerStreamRoutes, streamRouteDocs } from "./routes/stream-routes.ts";
import { testRunRoutes } from "./routes/test-run-routes.ts";
import { makeSnapshotCache } from "./sse/snapshot-cache.ts";
import { makeStartGate } from "./sse/start-gate.ts";
import { makeStreamRegistry } from "./sse/stream-registry.ts";
import { makeTopicFanout } from "./sse/topic-fanout.ts";

export interface AppOptions {
  readonly runtime: AppRuntime;
  readonly config: Config;
  readonly version: string;
  /** The addresses the lab can reach this server by (known once it listens). */
  readonly lanUrls?: () => ReadonlyArray<string>;
  readonly logger?: FastifyServerOptions["logger"];
  readonly now?: () => number;
  /** The built boards, found beside the server when omitted (registerRenderer). */
  readonly rendererDir?: string;
}

const securityHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

/** Everything a page may load comes from this server: labs are often offline. */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const fastifyErrorToHttp = (error: FastifyError): HttpError => {
  const status = error.statusCode ?? 500;
  if (status === 413) return new HttpError(413, "payload_too_large", "The request body is too large");
  if (status === 415)
    return new HttpError(415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json)");
  if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY")
    return new HttpError(400, "invalid_body", "The request body is empty; send a JSON object");
  if (error.code === "FST_ERR_MAX_PARAM_LENGTH" || error.code === "FST_ERR_BAD_URL") {
    return new HttpError(400, "invalid_params", "The address is malformed or one of its parts is too long");
  }
  if (status === 400 && (error.code === "FST_ERR_CTP_INVALID_JSON_BODY" || error instanceof SyntaxError)) {
    return new HttpError(400, "invalid_json", "The request body is not valid JSON");
  }
  if (status >= 400 && status < 500) return new HttpError(status, "bad_request", error.message);
  return new HttpError(500, "internal", "Something went wrong on the lab server");
};

/** The lab server as a Fastify app: the same factory serves headless, desktop and tests. */
export const buildApp = (options: AppOptions): { app: FastifyInstance; ctx: HttpContext } => {
  const { config, runtime } = options;
  const now = options.now ?? Date.now;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimit,
    // Behind a load balancer (docs/deploy.md) the client's address comes from X-Forwarded-For,
    // believed only from the proxies named; otherwise every limit per address would count the proxy.
    trustProxy: config.trustProxy.length === 0 ? false : [...config.trustProxy],
    // Request URLs can carry ?access_token= for streams: no per-request logs, so no token in logs.
    logController: new LogController({ disableRequestLogging: true }),
    requestTimeout: 30_000,
    connectionTimeout: 0,
    keepAliveTimeout: 10_000,
    // Slow-header clients (slowloris) are cut off after headersTimeoutMs, checked every second.
    // A request without Host is answered by our hook in the API's shape, not by Node (empty 400).
    http: { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: 1_000, requireHostHeader: false },
    // Node's own rejections (431, bad header characters, broken framing) in the API's shape too.
    clientErrorHandler: answerClientError,
    // Fastify's own 503 while closing has its own shape: the onRequest hook below answers instead.
    return503OnClosing: false,
    // Router-level rejections (over-long path parameters, malformed URLs) in the API's error shape.
    frameworkErrors: (error, _request, reply) => {
      sendError(reply, fastifyErrorToHttp(error));
    },
    forceCloseConnections: "idle",
  });
  // Fastify parses text/plain by default: such a body would reach routes as a string (and a
  // DELETE with one would go through). The API speaks JSON only, so anything else is a 415.
  app.removeContentTypeParser("text/plain");

  const streams = makeStreamRegistry(
    {
      maxTotal: config.maxStreams,
      maxPerIp: config.maxStreamsPerIp,
      heartbeatMs: config.heartbeatMs,
      sendBufferLimit: config.sendBufferLimit,
      stallMs: config.streamStallMs,
    },
    now,
  );
  const topics = makeTopicFanout({
    fork: (program) => runtime.runFork(program),
    write: streams.write,
    lost: (members, cause) => {
      app.log.warn({ cause }, "a topic's event consumer ended; its streams were closed and will resume");
      for (const member of members) streams.close(member.connection);
    },
  });
  const ctx: HttpContext = {
    runtime,
    config,
    streams,
    topics,
    snapshots: makeSnapshotCache({ maxEntries: 16, maxAgeMs: 2_000 }, now),
    startGate: makeStartGate({ concurrent: config.maxStreamStarts, waiting: config.maxStreamStarts * 64 }),
    writeLimiter: makeRateLimiter(config.writeRateLimit, now),
    pinThrottle: makeAuthThrottle(now),
    tokenThrottle: makeTokenThrottle(now),
    isKnownHost: makeHostCheck(config.allowedHosts),
  };

  // A revoked token's streams end within this (plus the token cache's age bound, §33).
  const revocationSweepMs = 5_000;
  const stopSweep = startRevocationSweep({
    everyMs: revocationSweepMs,
    credentials: streams.credentials,
    revoked: (hashes) =>
      runtime.runPromise(
        Effect.gen(function* () {
          const store = yield* TokenStore;
          const gone = new Set<string>();
          for (const hash of hashes) if ((yield* store.findActiveByHash(hash)) === undefined) gone.add(hash);
          return gone;
        }),
      ),
    close: streams.closeCredentials,
    onClosed: (count) => app.log.info({ streams: count }, "ended the live streams of revoked tokens"),
    onError: (error) => app.log.warn({ err: error }, "could not check the tokens of live streams"),
  });
  app.addHook("onClose", (_instance, done) => {
    stopSweep();
    done();
  });

  // Callback hooks, not async ones: every request passes them, and a promise each costs.
  app.addHook("onSend", (request, reply, payload, done) => {
    reply.headers(securityHeaders);
    const type = reply.getHeader("content-type");
    if (typeof type === "string" && type.startsWith("text/html")) {
      reply.header("content-security-policy", contentSecurityPolicy);
    }
    if (request.url.startsWith("/api/")) reply.header("cache-control", "no-store");
    done(null, payload);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const mapped = fastifyErrorToHttp(error);
    if (mapped.status >= 500) request.log.error({ err: error }, "request failed unexpectedly");
    return sendError(reply, mapped);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, new HttpError(404, "not_found", `No route ${request.method} ${request.url.split("?")[0] ?? ""}`)),
  );

  let closing = false;
  app.addHook("onRequest", (_request, reply, done) => {
    if (!closing) return done();
    reply.header("connection", "close");
    sendError(
      reply,
      new HttpError(503, "shutting_down", "The lab server is shutting down; try again in a moment", {
        headers: { "retry-after": "5" },
      }),
    );
  });
  registerNodeRejections(app);

  // Ends every SSE stream first, or close() would wait on them forever.
  app.addHook("preClose", async () => {
    closing = true;
    streams.closeAll();
  });

  const info = {
    version: options.version,
    labName: config.labName,
    heartbeatMs: config.heartbeatMs,
    lanUrls: options.lanUrls ?? (() => []),
  };
  const routes = [...healthRoutes(info, streams, topics.stats), ...testRunRoutes, ...authRoutes, ...backupRoutes];
  for (const spec of routes) registerRoute(app, ctx, spec);
  registerStreamRoutes(app, ctx);
  registerJunitRoutes(app, ctx);
  registerBackupDownload(app, ctx);
  registerOpenApiRoute(app, [...routes, ...streamRouteDocs, ...junitRouteDocs, ...backupRouteDocs], options.version);
  registerRenderer(app, {
    ...(options.rendererDir === undefined ? {} : { dir: options.rendererDir }),
    fallback: registerHomePage,
  });
  return { app, ctx };
};
