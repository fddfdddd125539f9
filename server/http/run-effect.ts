import type { DomainError } from "../domain/errors.ts";
import { HttpError } from "./api-error.ts";

const codes: Record<DomainError["_tag"], string> = {
  NotFound: "not_found",
  VersionConflict: "conflict",
  InvalidTransition: "invalid_transition",
  InvalidInput: "invalid_input",
  Unauthorized: "unauthorized",
  Forbidden: "forbidden",
  TooManyRequests: "too_many_requests",
  NotAvailable: "not_available",
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
