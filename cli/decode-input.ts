import { Effect, Exit, Schema } from "effect";
import { describeIssue } from "../server/config.ts";
import { UsageError } from "./errors.ts";

/**
 * Decodes an argument, a flag or a file's content as the server would (unknown keys refused);
 * a failure names `what` and the problems, on one line.
 */
export const decodeInput = <A>(
  schema: Schema.Codec<A, unknown>,
  value: unknown,
  what: string,
  /** For a single value: "4 to 12 digits" gives "pin must be 4 to 12 digits". */
  expected?: string,
): Effect.Effect<A, UsageError> => {
  const exit = Schema.decodeUnknownExit(schema)(value, { errors: "all", onExcessProperty: "error" });
  if (Exit.isSuccess(exit)) return Effect.succeed(exit.value);
  if (expected !== undefined) return Effect.fail(new UsageError({ message: `${what} must be ${expected}` }));
  const error = exit.cause.reasons.find((reason) => reason._tag === "Fail")?.error;
  const detail = error !== undefined && Schema.isSchemaError(error) ? describeIssue(error.issue) : "invalid";
  const short = detail.length > 300 ? `${detail.slice(0, 300)}…` : detail;
  return Effect.fail(new UsageError({ message: `${what}: ${short}` }));
};
