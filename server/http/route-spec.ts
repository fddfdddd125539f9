import { Cause, Effect, Exit, Schema } from "effect";
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../application/ports/token-store.ts";
import { authenticate, authorize, bearerToken } from "../application/usecases/authenticate.ts";
import type { DomainError } from "../domain/errors.ts";
import { Unauthorized } from "../domain/errors.ts";
import type { Role } from "../domain/requests.ts";
import { HttpError, sendError } from "./api-error.ts";
import type { AppServices } from "./app-runtime.ts";
import { type Decoder, decodeIfMatch, inputDecoder } from "./decode.ts";
import type { HttpContext } from "./http-context.ts";
import { isSameOrigin } from "./origin-guard.ts";
import { toHttpError } from "./run-effect.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal | null;
  readonly ifMatch: number | undefined;
  readonly request: FastifyRequest;
}

/** One API route: its schemas decode input and document it in the OpenAPI file. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  readonly method: Method;
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly role: Role;
  readonly params?: Decoder<P>;
  readonly query?: Decoder<Q>;
  readonly body?: Decoder<B>;
  readonly response?: Schema.Top;
  readonly status?: number;
  readonly usesIfMatch?: boolean;
  /** The lab PIN is in the body: every check counts towards this address's PIN-guessing limit. */
  readonly throttled?: boolean;
  /**
   * The body carries its own credential (the lab PIN): callers without a token get in even when
   * the lab requires a read token, or a tester could never sign in there.
   */
  readonly credentialInBody?: boolean;
  readonly handler: (input: RouteInput<P, Q, B>) => Effect.Effect<R, DomainError, AppServices>;
}

export const route = <P = undefined, Q = undefined, B = undefined, R = unknown>(
  spec: RouteSpec<P, Q, B, R>,
): RouteSpec => spec as unknown as RouteSpec;

/**
 * What the guard reads of a request: its headers and the client's address. A Fastify request is
 * one; so is a stream request taken over before Fastify builds its objects (sse/stream-takeover.ts).
 */
export interface GuardedRequest {
  readonly headers: FastifyRequest["headers"];
  readonly ip: string;
  readonly log: Pick<FastifyBaseLogger, "error">;
}

const clientKey = (request: GuardedRequest): string => request.ip;

const tooManyGuesses = (wait: number, what: string): HttpError =>
  new HttpError(429, "too_many_requests", `Too many wrong ${what} from this address; try again later`, {
    headers: { "retry-after": String(wait) },
  });

/** A failure of a request's pipeline: already an HTTP answer, or a domain failure to map. */
type RequestFailure = HttpError | DomainError;

const fail = (error: HttpError): Effect.Effect<never, HttpError> => Effect.fail(error);

/** What a decoder threw, as the 400 to answer with. */
const badInput = (error: unknown): HttpError =>
  error instanceof HttpError ? error : new HttpError(400, "invalid_input", String(error));

/** Runs a synchronous step that answers bad input by throwing its HttpError (the decoders). */
export const attempt = <A>(step: () => A): Effect.Effect<A, HttpError> => Effect.try({ try: step, catch: badInput });

/** Who is asking: null for anonymous; 401 for a malformed, unknown or revoked token. */
const principalOf = (
  ctx: HttpContext,
  request: GuardedRequest,
): Effect.Effect<Principal | null, RequestFailure, AppServices> => {
  const header = request.headers.authorization;
  const token = bearerToken(Array.isArray(header) ? header[0] : header);
  if (token === undefined) return Effect.succeed(null);
  const key = clientKey(request);
  if (token instanceof Unauthorized) {
    const wait = ctx.tokenThrottle.retryAfter(key, "");
    if (wait > 0) return fail(tooManyGuesses(wait, "tokens"));
    ctx.tokenThrottle.fail(key);
    return Effect.fail(token);
  }
  const wait = ctx.tokenThrottle.retryAfter(key, token);
  if (wait > 0) return fail(tooManyGuesses(wait, "tokens"));
  return authenticate(token).pipe(
    Effect.tap(() => Effect.sync(() => ctx.tokenThrottle.succeed(key, token))),
    Effect.tapError((error) =>
      Effect.sync(() => (error._tag === "Unauthorized" ? ctx.tokenThrottle.fail(key) : undefined)),
    ),
  );
};

/**
 * Checks that apply to every request of a route before its input is decoded. Writes (and every
 * admin route) must name the server by an address or a known host name: a page whose DNS name
 * was rebound to the lab server's address still sends its own name as Host. `anonymousAllowed`:
 * no token is fine whatever the role (the route checks a credential of its own); a token sent
 * anyway must still be valid.
 */
export const guardEffect = (
  ctx: HttpContext,
  request: GuardedRequest,
  method: Method,
  role: Role,
  anonymousAllowed = false,
): Effect.Effect<Principal | null, RequestFailure, AppServices> =>
  Effect.gen(function* () {
    const principal = yield* principalOf(ctx, request);
    if (principal !== null || !anonymousAllowed) yield* authorize(principal, role);
    if ((role === "admin" || method !== "GET") && !ctx.isKnownHost(request.headers.host)) {
      return yield* fail(
        new HttpError(
          403,
          "unknown_host",
          "Writes and admin requests must address the lab server by its IP address or a known host name (--allowed-hosts)",
        ),
      );
    }
    if (method !== "GET") {
      const origin = request.headers.origin;
      if (!isSameOrigin(Array.isArray(origin) ? origin[0] : origin, request.headers.host, [])) {
        return yield* fail(new HttpError(403, "foreign_origin", "Writes from another web site are not accepted"));
      }
      const wait = ctx.writeLimiter.take(clientKey(request));
      if (wait > 0) {
        return yield* fail(
          new HttpError(429, "too_many_requests", "Too many writes from this address; slow down", {
            headers: { "retry-after": String(wait) },
          }),
        );
      }
    }
    return principal;
  });

/** The guard alone, for a route that answers outside the pipeline: one runtime call. */
export const guard = (
  ctx: HttpContext,
  request: GuardedRequest,
  method: Method,
  role: Role,
): Promise<Principal | null> => runRequest(ctx, request, guardEffect(ctx, request, method, role));

/** Runs a route that checks the lab PIN: every check counts as a failure until it succeeds. */
const withPinThrottle = <A, R>(
  ctx: HttpContext,
  request: FastifyRequest,
  check: Effect.Effect<A, RequestFailure, R>,
): Effect.Effect<A, RequestFailure, R> =>
  Effect.suspend(() => {
    const key = clientKey(request);
    const wait = ctx.pinThrottle.attempt(key);
    if (wait > 0) return fail(tooManyGuesses(wait, "PINs"));
    return Effect.tap(check, () => Effect.sync(() => ctx.pinThrottle.succeed(key)));
  });

/** A response as its schema encodes it (what the API document promises), or as the handler made it. */
const responseEncoder = (spec: RouteSpec): ((result: unknown) => Effect.Effect<unknown>) => {
  if (spec.response === undefined) return Effect.succeed;
  // Response schemas describe plain data: they need no services to encode.
  const encode = Schema.encodeUnknownEffect(spec.response as Schema.Codec<unknown, unknown>);
  return (result) => (result === undefined ? Effect.succeed(result) : Effect.orDie(encode(result)));
};

const decodeOptional = <A>(decoder: Decoder<A> | undefined, part: "params" | "query" | "body") => {
  if (decoder === undefined) return (_input: unknown): undefined => undefined;
  return inputDecoder(decoder, part);
};

/**
 * A route's pipeline, built once when it is registered (decoders and encoder included): each
 * request is then one effect — guard, decode, use case, encode — and the only place a route's
 * work meets the runtime; an HttpError or domain failure becomes its answer, a defect a logged 500.
 */
const requestPipeline = (
  ctx: HttpContext,
  spec: RouteSpec,
): ((request: FastifyRequest) => Effect.Effect<unknown, RequestFailure, AppServices>) => {
  const params = decodeOptional(spec.params, "params");
  const query = decodeOptional(spec.query, "query");
  const body = decodeOptional(spec.body, "body");
  const ifMatch = spec.usesIfMatch === true ? decodeIfMatch : () => undefined;
  const encode = responseEncoder(spec);
  const throttled = spec.throttled === true;
  const anonymousAllowed = spec.credentialInBody === true;
  return (request) =>
    Effect.gen(function* () {
      if (throttled) {
        // Cheap refusal before any other work while this address is blocked for PIN guessing.
        const wait = ctx.pinThrottle.retryAfter(clientKey(request));
        if (wait > 0) return yield* fail(tooManyGuesses(wait, "PINs"));
      }
      const principal = yield* guardEffect(ctx, request, spec.method, spec.role, anonymousAllowed);
      let input: RouteInput<unknown, unknown, unknown>;
      try {
        input = {
          params: params(request.params),
          query: query(request.query ?? {}),
          body: body(request.body),
          ifMatch: ifMatch(request.headers["if-match"]),
          principal,
          request,
        };
      } catch (error) {
        return yield* fail(badInput(error));
      }
      const handled = spec.handler(input);
      const result = yield* throttled ? withPinThrottle(ctx, request, handled) : handled;
      return yield* encode(result);
    });
};

/** Runs a request's effect once on the process runtime; throws the HttpError to answer with. */
export const runRequest = async <A>(
  ctx: HttpContext,
  request: GuardedRequest,
  effect: Effect.Effect<A, RequestFailure, AppServices>,
): Promise<A> => {
  const exit = await ctx.runtime.runPromiseExit(effect);
  if (Exit.isSuccess(exit)) return exit.value;
  const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail");
  if (failure !== undefined) throw failure.error instanceof HttpError ? failure.error : toHttpError(failure.error);
  request.log.error({ cause: Cause.pretty(exit.cause) }, "request failed unexpectedly");
  throw new HttpError(500, "internal", "Something went wrong on the lab server; the change was not saved");
};

export const replyError = (reply: FastifyReply, error: unknown): FastifyReply => {
  if (error instanceof HttpError) return sendError(reply, error);
  reply.log.error({ err: error }, "request failed unexpectedly");
  return sendError(reply, new HttpError(500, "internal", "Something went wrong on the lab server"));
};

export const registerRoute = (app: FastifyInstance, ctx: HttpContext, spec: RouteSpec): void => {
  const pipeline = requestPipeline(ctx, spec);
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      try {
        const result = await runRequest(ctx, request, pipeline(request));
        if (result === undefined) return reply.code(spec.status ?? 204).send();
        return reply.code(spec.status ?? 200).send(result);
      } catch (error) {
        return replyError(reply, error);
      }
    },
  });
};
