import { Data } from "effect";

/**
 * What can go wrong in a command, each with its exit code:
 * 0 done · 1 the server refused or the operation failed · 2 bad usage or input · 3 server unreachable.
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Bad flags, arguments, environment values or input files: nothing was sent. */
export class UsageError extends Data.TaggedError("UsageError")<{ readonly message: string }> {}

/** No HTTP answer at all: refused, unknown host, timed out. */
export class Unreachable extends Data.TaggedError("Unreachable")<{ readonly url: string; readonly reason: string }> {}

/** The server answered with an error status; `message` is its own `error.message`. */
export class ServerError extends Data.TaggedError("ServerError")<{
  readonly status: number;
  readonly code: string;
  readonly message: string;
}> {}

/** Anything else that failed (an answer that is not what the API describes, a local operation). */
export class Failure extends Data.TaggedError("Failure")<{ readonly message: string }> {}

export type CliFailure = UsageError | Unreachable | ServerError | Failure;

export const exitCodeOf = (error: CliFailure): ExitCode => {
  switch (error._tag) {
    case "UsageError":
      return ExitCode.usage;
    case "Unreachable":
      return ExitCode.unreachable;
    case "ServerError":
    case "Failure":
      return ExitCode.failure;
  }
};

/** One line, without the "medi-test: " prefix: line breaks in server text are folded. */
export const describeFailure = (error: CliFailure): string => {
  const text = (() => {
    switch (error._tag) {
      case "UsageError":
      case "Failure":
        return error.message;
      case "Unreachable":
        return `cannot reach the medi-test server at ${error.url}: ${error.reason}`;
      case "ServerError":
        return `the server refused (${error.status} ${error.code}): ${error.message}`;
    }
  })();
  return oneLine(text);
};

export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, " ").trim();
