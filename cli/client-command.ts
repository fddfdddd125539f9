import { Effect, type Option } from "effect";
import { CliIo } from "./cli-io.ts";
import { type Connection, resolveConnection } from "./connection.ts";
import type { CliFailure } from "./errors.ts";

/** The connection flags as a command's handler receives them. */
export interface ConnectionFlags {
  readonly url: Option.Option<string>;
  readonly token: Option.Option<string>;
  readonly json: boolean;
}

/** Runs `body` with the decoded connection (flags over environment); a bad one fails before any request. */
export const withConnection = <A, R>(
  flags: ConnectionFlags,
  body: (connection: Connection) => Effect.Effect<A, CliFailure, R>,
): Effect.Effect<A, CliFailure, R | CliIo> =>
  Effect.gen(function* () {
    const io = yield* CliIo;
    const connection = yield* resolveConnection(flags, io.env);
    return yield* body(connection);
  });
