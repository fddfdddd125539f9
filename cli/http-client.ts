import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Effect, Exit, Schema } from "effect";
import { ApiErrorBody } from "../server/http/api-error.ts";
import type { Connection } from "./connection.ts";
import { Failure, oneLine, ServerError, Unreachable } from "./errors.ts";

/**
 * The few HTTP calls the commands make, over fetch: JSON in, JSON out, the answer decoded with
 * the schema the server's route declares (server/domain), every failure one of the CLI's errors.
 */

export interface ApiCall<A> {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** From the server root: "/api/tokens". Path segments from the user must be encoded by the caller. */
  readonly path: string;
  readonly body?: unknown;
  /** A file sent as the body, read as it is sent (JUnit XML): instead of `body`. */
  readonly upload?: { readonly file: string; readonly bytes: number; readonly contentType: string };
  /** The answer's schema; omitted for 204 answers. */
  readonly response?: Schema.Codec<A, unknown>;
}

export const requestTimeoutMs = 30_000;

const errnoOf = (error: unknown): string | undefined => {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

const reasons: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "the host name cannot be resolved now",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection was closed",
  ERR_SSL_WRONG_VERSION_NUMBER: "that address does not speak https",
};

/** Why fetch got no answer, in a few words ("connection refused"). */
export const unreachableReason = (error: unknown): string => {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${requestTimeoutMs / 1000} s`;
  const code = errnoOf(error);
  if (code !== undefined) return reasons[code] ?? code.toLowerCase().replace(/_/g, " ");
  // fetch's own "fetch failed" says less than its cause ("bad port", "invalid URL").
  let deepest: unknown = error;
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause;
  return deepest instanceof Error ? oneLine(deepest.message) : "unknown network error";
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** The server's own `error.message` for an error status, else the status and a short excerpt. */
export const serverErrorOf = (status: number, text: string, hasToken: boolean): ServerError => {
  const exit = Schema.decodeUnknownExit(ApiErrorBody)(parseJson(text));
  const code = Exit.isSuccess(exit) ? exit.value.error.code : `HTTP_${status}`;
  let message = Exit.isSuccess(exit) ? exit.value.error.message : oneLine(text).slice(0, 200) || "no message";
  if (status === 401 && !hasToken) message += " (give a token with --token or MEDI_TEST_TOKEN)";
  return new ServerError({ status, code, message: oneLine(message) });
};

export const callApi = <A>(
  connection: Connection,
  call: ApiCall<A>,
): Effect.Effect<A | undefined, Unreachable | ServerError | Failure> =>
  Effect.gen(function* () {
    const headers: Record<string, string> = { accept: "application/json" };
    if (connection.token !== undefined) headers.authorization = `Bearer ${connection.token}`;
    if (call.body !== undefined) headers["content-type"] = "application/json";
    if (call.upload !== undefined) {
      headers["content-type"] = call.upload.contentType;
      headers["content-length"] = String(call.upload.bytes);
    }
    const upload = call.upload;
    const response = yield* Effect.tryPromise({
      try: (signal) =>
        fetch(`${connection.url}${call.path}`, {
          method: call.method,
          headers,
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          ...(upload === undefined
            ? {}
            : { body: Readable.toWeb(createReadStream(upload.file)) as ReadableStream, duplex: "half" as const }),
          // An upload may take longer than an answer: its clock starts again for every MiB sent.
          signal: AbortSignal.any([
            signal,
            AbortSignal.timeout(requestTimeoutMs + Math.ceil((upload?.bytes ?? 0) / 1_024)),
          ]),
        }),
      catch: (error) => new Unreachable({ url: connection.url, reason: unreachableReason(error) }),
    });
    const text = yield* Effect.tryPromise({
      try: () => response.text(),
      catch: (error) => new Unreachable({ url: connection.url, reason: unreachableReason(error) }),
    });
    if (!response.ok) return yield* serverErrorOf(response.status, text, connection.token !== undefined);
    if (call.response === undefined) return undefined;
    const exit = Schema.decodeUnknownExit(call.response)(parseJson(text));
    if (Exit.isFailure(exit))
      return yield* new Failure({
        message: `the server at ${connection.url} gave an answer this medi-test does not understand (${call.method} ${call.path}); is it a medi-test server of the same version?`,
      });
    return exit.value;
  });

/** `callApi` for routes that always answer with a body. */
export const fetchJson = <A>(
  connection: Connection,
  call: ApiCall<A> & { readonly response: Schema.Codec<A, unknown> },
): Effect.Effect<A, Unreachable | ServerError | Failure> =>
  Effect.flatMap(callApi(connection, call), (value) =>
    value === undefined
      ? Effect.fail(new Failure({ message: `the server gave no answer to ${call.method} ${call.path}` }))
      : Effect.succeed(value),
  );

/**
 * GET a file into `out`: written under a temporary name and renamed when whole, so `out` is never
 * a half-downloaded file. Answers the bytes written.
 */
export const downloadFile = (
  connection: Connection,
  path: string,
  out: string,
): Effect.Effect<number, Unreachable | ServerError | Failure> =>
  Effect.gen(function* () {
    const headers: Record<string, string> = {};
    if (connection.token !== undefined) headers.authorization = `Bearer ${connection.token}`;
    const response = yield* Effect.tryPromise({
      try: (signal) => fetch(`${connection.url}${path}`, { headers, signal }),
      catch: (error) => new Unreachable({ url: connection.url, reason: unreachableReason(error) }),
    });
    if (!response.ok || response.body === null) {
      const text = yield* Effect.promise(() => response.text().catch(() => ""));
      return yield* serverErrorOf(response.status, text, connection.token !== undefined);
    }
    const body = response.body;
    const partial = `${out}.partial`;
    return yield* Effect.tryPromise({
      try: async () => {
        let bytes = 0;
        const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
        source.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
        });
        try {
          await pipeline(source, createWriteStream(partial, { mode: 0o600 }));
          await rename(partial, out);
        } catch (error) {
          await rm(partial, { force: true });
          throw error;
        }
        return bytes;
      },
      catch: (error) =>
        new Failure({
          message: `the download to ${out} failed: ${error instanceof Error ? oneLine(error.message) : "unknown error"}`,
        }),
    });
  });
