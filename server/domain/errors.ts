import { Data } from "effect";
import type { TestItem } from "./test-item.ts";
import type { TestRunSummary } from "./test-run.ts";

/** Expected failures of use cases. Each carries the HTTP status it maps to at the edge. */
export class NotFound extends Data.TaggedError("NotFound")<{
  readonly entity: "run" | "item" | "token" | "comment" | "backup";
  readonly id: string;
}> {
  readonly status = 404;
  override get message(): string {
    return `No ${this.entity} with id ${this.id}`;
  }
}

export class VersionConflict extends Data.TaggedError("VersionConflict")<{
  readonly expectedVersion: number;
  /** What the editor is out of date with: the item or run as it is now. */
  readonly current: TestItem | TestRunSummary;
}> {
  readonly status = 409;
  override get message(): string {
    return `Someone else changed this first (you had version ${this.expectedVersion})`;
  }
}

export class InvalidTransition extends Data.TaggedError("InvalidTransition")<{
  readonly from: string;
  readonly to: string;
  readonly allowed: ReadonlyArray<string>;
}> {
  readonly status = 409;
  override get message(): string {
    return `A run cannot go from ${this.from} to ${this.to}`;
  }
}

export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly reason: string;
  readonly details?: unknown;
}> {
  readonly status = 400;
  override get message(): string {
    return this.reason;
  }
}

export class Unauthorized extends Data.TaggedError("Unauthorized")<{ readonly reason: string }> {
  readonly status = 401;
  override get message(): string {
    return this.reason;
  }
}

export class Forbidden extends Data.TaggedError("Forbidden")<{ readonly reason: string }> {
  readonly status = 403;
  override get message(): string {
    return this.reason;
  }
}

export class TooManyRequests extends Data.TaggedError("TooManyRequests")<{
  readonly reason: string;
  readonly retryAfterSeconds: number;
}> {
  readonly status = 429;
  override get message(): string {
    return this.reason;
  }
}

/** The operation exists but this server is not set up for it (backups of a lab on PostgreSQL). */
export class NotAvailable extends Data.TaggedError("NotAvailable")<{ readonly reason: string }> {
  readonly status = 409;
  override get message(): string {
    return this.reason;
  }
}

export type DomainError =
  | NotFound
  | VersionConflict
  | InvalidTransition
  | InvalidInput
  | Unauthorized
  | Forbidden
  | TooManyRequests
  | NotAvailable;
