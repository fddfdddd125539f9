import { Exit, Schema } from "effect";
import { EventSource } from "eventsource";
import { StreamEventSchema, type TypedEvent } from "../../server/domain/events.ts";
import type { Connection } from "../connection.ts";
import type { ServerError } from "../errors.ts";
import { serverErrorOf } from "../http-client.ts";

/**
 * The stream `medi-test watch` follows, over the `eventsource` package: the token goes in the
 * Authorization header (through its `fetch` option), each message is decoded with the
 * contract's schema, and a dropped connection is retried — by eventsource itself (which resumes
 * with Last-Event-ID), or here when it gave up (an error status while a server restarts) or when
 * the heartbeats stopped (a connection that hangs without closing).
 */

export interface StreamHandlers {
  /** Connected: the snapshot (or the replay after Last-Event-ID) follows. */
  readonly onOpen: () => void;
  readonly onEvent: (event: TypedEvent) => void;
  /** A heartbeat's server time (ms): the server clock, for the ETA. */
  readonly onServerTime: (serverMs: number) => void;
  /** The connection dropped; it is being retried. */
  readonly onDrop: () => void;
  /** The server refused the stream (401, 403, 404): retrying would not help. */
  readonly onRefused: (error: ServerError) => void;
}

export interface StreamOptions {
  /** Before a new connection once eventsource gave up. */
  readonly retryMs: number;
  /** No message nor heartbeat for this long: the connection is taken as dropped. */
  readonly staleMs: number;
}

export const defaultStreamOptions: StreamOptions = { retryMs: 2_000, staleMs: 45_000 };

const decodeEvent = Schema.decodeUnknownExit(StreamEventSchema);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

const withQuery = (path: string, key: string, value: string): string =>
  `${path}${path.includes("?") ? "&" : "?"}${key}=${encodeURIComponent(value)}`;

/** Opens the stream at `path` (from the server root); returns what closes it for good. */
export const openWatchStream = (
  connection: Connection,
  path: string,
  handlers: StreamHandlers,
  options: StreamOptions = defaultStreamOptions,
): { readonly close: () => void } => {
  let source: EventSource | undefined;
  let closed = false;
  let lastEventId = "";
  let lastSeen = Date.now();
  let staleAfter = options.staleMs;
  let retry: ReturnType<typeof setTimeout> | undefined;
  /** An error answer's decoded body, read by our fetch before eventsource sees the status. */
  let refusal: ServerError | undefined;

  const authorizedFetch = async (input: string | URL, init: RequestInit) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (connection.token !== undefined) headers.authorization = `Bearer ${connection.token}`;
    const response = await fetch(input, { ...init, headers });
    if (!response.ok) {
      const text = await response.clone().text();
      refusal = serverErrorOf(response.status, text, connection.token !== undefined);
    }
    return response;
  };

  const open = () => {
    if (closed) return;
    refusal = undefined;
    lastSeen = Date.now();
    const url = `${connection.url}${lastEventId === "" ? path : withQuery(path, "lastEventId", lastEventId)}`;
    const current = new EventSource(url, { fetch: authorizedFetch });
    source = current;
    current.addEventListener("open", () => {
      lastSeen = Date.now();
      handlers.onOpen();
    });
    current.addEventListener("message", (message) => {
      lastSeen = Date.now();
      if (message.lastEventId !== "") lastEventId = message.lastEventId;
      const exit = decodeEvent(parseJson(String(message.data)));
      if (Exit.isSuccess(exit)) handlers.onEvent(exit.value);
    });
    current.addEventListener("heartbeat", (message) => {
      lastSeen = Date.now();
      const beat = parseJson(String((message as MessageEvent).data));
      if (typeof beat !== "object" || beat === null) return;
      const { serverTime, intervalMs } = beat as { serverTime?: unknown; intervalMs?: unknown };
      if (typeof intervalMs === "number" && intervalMs > 0) staleAfter = Math.max(3 * intervalMs, 5_000);
      const serverMs = typeof serverTime === "string" ? Date.parse(serverTime) : Number.NaN;
      if (Number.isFinite(serverMs)) handlers.onServerTime(serverMs);
    });
    current.addEventListener("error", (error) => {
      if (closed || current !== source) return;
      if (current.readyState !== current.CLOSED) {
        handlers.onDrop();
        return;
      }
      // eventsource gave up: an error status or a response that is no event stream.
      const status = refusal?.status ?? error.code;
      if (refusal !== undefined && (status === 401 || status === 403 || status === 404)) {
        handlers.onRefused(refusal);
        return;
      }
      handlers.onDrop();
      retry = setTimeout(open, options.retryMs);
    });
  };

  // A connection that hangs without closing sends no heartbeats: drop it and open a new one.
  const watchdog = setInterval(() => {
    if (closed || source === undefined || source.readyState !== source.OPEN) return;
    if (Date.now() - lastSeen < staleAfter) return;
    source.close();
    handlers.onDrop();
    open();
  }, 1_000);

  open();
  return {
    close: () => {
      closed = true;
      clearInterval(watchdog);
      clearTimeout(retry);
      source?.close();
    },
  };
};
