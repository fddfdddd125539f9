import { Cause, type Effect, Exit } from "effect";
import type { FastifyBaseLogger } from "fastify";
import type { DomainError } from "../domain/errors.ts";
import { HttpError } from "./api-error.ts";
import type { AppRuntime, AppServices } from "./app-runtime.ts";

const codes: Record<DomainError["_tag"], string> = {
  NotFound: "not_found",
  VersionConflict: "conflict",
  InvalidTransition: "invalid_transition",
  InvalidInput: "invalid_input",
  Unauthorized: "unauthorized",
  Forbidden: "forbidden",
  TooManyRequests: "too_many_requests",
};

export const toHttpError = (error: DomainError): HttpError => {
  switch (error._tag) {
    case "VersionConflict":
      return new HttpError(409, codes[error._tag], error.message, {
        details: { expectedVersion: error.expectedVersion },
        extra: { current: error.current },
      });
    case "InvalidTransition":
      return new HttpError(409, codes[error._tag], error.message, {
        details: { from: error.from, to: error.to, allowed: error.allowed },
      });
    case "InvalidInput":
      return new HttpError(
        400,
        codes[error._tag],
        error.message,
        error.details === undefined ? {} : { details: error.details },
      );
    case "TooManyRequests":
      return new HttpError(429, codes[error._tag], error.message, {
        headers: { "retry-after": String(error.retryAfterSeconds) },
      });
    case "NotFound":
      return new HttpError(404, codes[error._tag], error.message, { details: { entity: error.entity, id: error.id } });
    default:
      return new HttpError(error.status, codes[error._tag], error.message);
  }
};

/**
 * The bridge from HTTP to use cases: runs the effect on the process runtime; an expected failure
 * becomes its HttpError, a defect is logged once here and becomes a 500 that reveals nothing.
 */
export const runUseCase = async <A>(
  runtime: AppRuntime,
  logger: FastifyBaseLogger,
  effect: Effect.Effect<A, DomainError, AppServices>,
): Promise<A> => {
  const exit = await runtime.runPromiseExit(effect);
  if (Exit.isSuccess(exit)) return exit.value;
  const failure = exit.cause.reasons.find((reason) => reason._tag === "Fail");
  if (failure !== undefined) throw toHttpError(failure.error);
  logger.error({ cause: Cause.pretty(exit.cause) }, "use case failed unexpectedly");
  throw new HttpError(500, "internal", "Something went wrong on the lab server; the change was not saved");
};
