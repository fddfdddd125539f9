import { Effect, type Schema } from "effect";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../application/ports/token-store.ts";
import { authenticate, authorize, bearerToken } from "../application/usecases/authenticate.ts";
import type { DomainError } from "../domain/errors.ts";
import { Unauthorized } from "../domain/errors.ts";
import type { Role } from "../domain/requests.ts";
import { HttpError, sendError } from "./api-error.ts";
import type { AppServices } from "./app-runtime.ts";
import { type Decoder, decodeIfMatch, decodeInput } from "./decode.ts";
import type { HttpContext } from "./http-context.ts";
import { isSameOrigin } from "./origin-guard.ts";
import { runUseCase, toHttpError } from "./run-effect.ts";

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

const clientKey = (request: FastifyRequest): string => request.ip;

const tooManyGuesses = (wait: number, what: string): HttpError =>
  new HttpError(429, "too_many_requests", `Too many wrong ${what} from this address; try again later`, {
    headers: { "retry-after": String(wait) },
  });

/** Who is asking: null for anonymous; 401 for a malformed, unknown or revoked token. */
export const resolvePrincipal = async (ctx: HttpContext, request: FastifyRequest): Promise<Principal | null> => {
  const header = request.headers.authorization;
  const token = bearerToken(Array.isArray(header) ? header[0] : header);
  if (token === undefined) return null;
  const key = clientKey(request);
  if (token instanceof Unauthorized) {
    const wait = ctx.tokenThrottle.retryAfter(key, "");
    if (wait > 0) throw tooManyGuesses(wait, "tokens");
    ctx.tokenThrottle.fail(key);
    throw toHttpError(token);
  }
  const wait = ctx.tokenThrottle.retryAfter(key, token);
  if (wait > 0) throw tooManyGuesses(wait, "tokens");
  try {
    const principal = await runUseCase(ctx.runtime, request.log, authenticate(token));
    ctx.tokenThrottle.succeed(key, token);
    return principal;
  } catch (error) {
    if (error instanceof HttpError && error.status === 401) ctx.tokenThrottle.fail(key);
    throw error;
  }
};

/**
 * Checks that apply to every request of a route before its input is decoded. Writes (and every
 * admin route) must name the server by an address or a known host name: a page whose DNS name
 * was rebound to the lab server's address still sends its own name as Host. `anonymousAllowed`:
 * no token is fine whatever the role (the route checks a credential of its own); a token sent
 * anyway must still be valid.
 */
export const guard = async (
  ctx: HttpContext,
  request: FastifyRequest,
  method: Method,
  role: Role,
  anonymousAllowed = false,
): Promise<Principal | null> => {
  const principal = await resolvePrincipal(ctx, request);
  if (principal !== null || !anonymousAllowed) await runUseCase(ctx.runtime, request.log, authorize(principal, role));
  if ((role === "admin" || method !== "GET") && !ctx.isKnownHost(request.headers.host)) {
    throw new HttpError(
      403,
      "unknown_host",
      "Writes and admin requests must address the lab server by its IP address or a known host name (--allowed-hosts)",
    );
  }
  if (method !== "GET") {
    const origin = request.headers.origin;
    if (!isSameOrigin(Array.isArray(origin) ? origin[0] : origin, request.headers.host, [])) {
      throw new HttpError(403, "foreign_origin", "Writes from another web site are not accepted");
    }
    const wait = ctx.writeLimiter.take(clientKey(request));
    if (wait > 0) {
      throw new HttpError(429, "too_many_requests", "Too many writes from this address; slow down", {
        headers: { "retry-after": String(wait) },
      });
    }
  }
  return principal;
};

/** Runs a route that checks the lab PIN: every check counts as a failure until it succeeds. */
const withPinThrottle = async <A>(ctx: HttpContext, request: FastifyRequest, check: () => Promise<A>): Promise<A> => {
  const key = clientKey(request);
  const wait = ctx.pinThrottle.attempt(key);
  if (wait > 0) throw tooManyGuesses(wait, "PINs");
  const result = await check();
  ctx.pinThrottle.succeed(key);
  return result;
};

export const replyError = (reply: FastifyReply, error: unknown): FastifyReply => {
  if (error instanceof HttpError) return sendError(reply, error);
  reply.log.error({ err: error }, "request failed unexpectedly");
  return sendError(reply, new HttpError(500, "internal", "Something went wrong on the lab server"));
};

export const registerRoute = (app: FastifyInstance, ctx: HttpContext, spec: RouteSpec): void => {
  app.route({
    method: spec.method,
    url: spec.url,
    handler: async (request, reply) => {
      try {
        if (spec.throttled === true) {
          // Cheap refusal before any other work while this address is blocked for PIN guessing.
          const wait = ctx.pinThrottle.retryAfter(clientKey(request));
          if (wait > 0) throw tooManyGuesses(wait, "PINs");
        }
        const principal = await guard(ctx, request, spec.method, spec.role, spec.credentialInBody === true);
        const params = spec.params === undefined ? undefined : decodeInput(spec.params, request.params, "params");
        const query = spec.query === undefined ? undefined : decodeInput(spec.query, request.query ?? {}, "query");
        const body = spec.body === undefined ? undefined : decodeInput(spec.body, request.body, "body");
        const ifMatch = spec.usesIfMatch === true ? decodeIfMatch(request.headers["if-match"]) : undefined;
        const run = () =>
          runUseCase(
            ctx.runtime,
            request.log,
            Effect.suspend(() => spec.handler({ params, query, body, principal, ifMatch, request })),
          );
        const result = spec.throttled === true ? await withPinThrottle(ctx, request, run) : await run();
        if (result === undefined) return reply.code(spec.status ?? 204).send();
        return reply.code(spec.status ?? 200).send(result);
      } catch (error) {
        return replyError(reply, error);
      }
    },
  });
};
