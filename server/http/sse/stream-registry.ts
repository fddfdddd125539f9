import type { ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { encodeHeartbeat } from "../../domain/sse-wire.ts";
import { httpChunkOf } from "./http-chunk.ts";

export interface StreamConnection {
  readonly ip: string;
  /** Hash of the token the stream was opened with (a revoked one ends it); null: none, or the admin's. */
  readonly credential: string | null;
  readonly res: ServerResponse;
  /** Seq of the last event written: heartbeats carry it, and buffered events at or below it are skipped. */
  lastSent: number;
  /** Set once the snapshot or replay is written: heartbeats before it would claim a wrong id. */
  started: boolean;
  /** Stops the connection's subscription (set once its fiber runs). */
  stop: () => void;
  /** Which tick of the heartbeat timer serves this connection (set by the registry). */
  beatSlot?: number;
  /**
   * Once the stream is live: its socket, when the response is chunked and owns the socket, so
   * events and heartbeats go out as pre-framed HTTP chunks in one write (no ServerResponse
   * bookkeeping per write); null when they must go through the response (an HTTP/1.0 client).
   */
  direct?: Socket | null;
}

export interface StreamLimits {
  readonly maxTotal: number;
  readonly maxPerIp: number;
  readonly heartbeatMs: number;
  /** Unsent bytes a connection may hold before it is closed (it resumes from the log). */
  readonly sendBufferLimit: number;
  /** A client that reads nothing of its snapshot or replay for this long is cut off. */
  readonly stallMs: number;
}

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 429 | 503; readonly retryAfter: number; readonly reason: string };

/** The socket a live stream may write its chunks to itself: a chunked response that owns it. */
const directSocketOf = (res: ServerResponse): Socket | null =>
  res.chunkedEncoding && res.headersSent && res.socket !== null ? res.socket : null;

/**
 * All open SSE connections of the server: admission caps, one heartbeat timer for all of them
 * (each tick serves a fifteenth of them), the slow-client cut-off, and a clean end for every
 * stream on shutdown.
 */
export const makeStreamRegistry = (limits: StreamLimits, now: () => number) => {
  const connections = new Set<StreamConnection>();
  const perIp = new Map<string, number>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closing = false;
  // One timer, but each tick serves one slice of the connections: every connection still gets
  // a heartbeat every heartbeatMs, and 10k connections never cost one 10k-write burst (a pause
  // of the event loop that live events would wait behind).
  const slices = 15;
  let tick = 0;
  let added = 0;
  // The last chunk framed for a direct write: a batch or heartbeat written to many streams in a
  // row is framed once for all of them.
  let framedFrom: Uint8Array | undefined;
  let framed: Uint8Array = new Uint8Array(0);
  const framedChunk = (chunk: Uint8Array): Uint8Array => {
    if (chunk !== framedFrom) {
      framedFrom = chunk;
      framed = httpChunkOf(chunk);
    }
    return framed;
  };

  const heartbeat = () => {
    const slot = tick++ % slices;
    const serverTime = new Date(now()).toISOString();
    // Connections that were sent the same events share one encoded frame.
    const frames = new Map<number, Uint8Array>();
    for (const connection of connections) {
      if (connection.beatSlot !== slot || !connection.started) continue;
      let frame = frames.get(connection.lastSent);
      if (frame === undefined) {
        frame = encodeHeartbeat({ serverTime, lastEventId: connection.lastSent, intervalMs: limits.heartbeatMs });
        frames.set(connection.lastSent, frame);
      }
      write(connection, frame);
    }
  };

  const remove = (connection: StreamConnection): void => {
    if (!connections.delete(connection)) return;
    const count = (perIp.get(connection.ip) ?? 1) - 1;
    if (count <= 0) perIp.delete(connection.ip);
    else perIp.set(connection.ip, count);
    if (connections.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };

  /** Ends a connection: stops its subscription and closes the socket. */
  const close = (connection: StreamConnection): void => {
    remove(connection);
    connection.stop();
    if (!connection.res.writableEnded) connection.res.end();
  };

  /** Writes or, past the unsent-bytes cap, drops the connection. False when it is gone. */
  const write = (connection: StreamConnection, chunk: Uint8Array): boolean => {
    const res = connection.res;
    if (res.writableEnded || res.destroyed) return false;
    // Only bytes already waiting count against the client: a frame larger than the cap (the
    // snapshot of a big wall) must still go out, or that wall could never connect. A client that
    // does not read is dropped at the next write once its backlog passes the cap.
    if (res.writableLength > limits.sendBufferLimit) {
      remove(connection);
      connection.stop();
      res.destroy();
      return false;
    }
    if (!connection.started) {
      res.write(chunk);
      return true;
    }
    // Live: one pre-framed write per chunk, straight to the socket, once the response holds
    // nothing itself. (A chunked response gathers what is written to it in one tick and hands it
    // to the socket on the next; a write that overtook it would reach the client too early.)
    connection.direct ??= directSocketOf(res);
    const direct = connection.direct;
    if (direct === null || res.writableLength !== direct.writableLength) res.write(chunk);
    else direct.write(framedChunk(chunk));
    return true;
  };

  return {
    admit: (ip: string): Admission => {
      if (closing) return { ok: false, status: 503, retryAfter: 5, reason: "The lab server is shutting down" };
      if (connections.size >= limits.maxTotal) {
        return { ok: false, status: 503, retryAfter: 10, reason: "The lab server has too many open live connections" };
      }
      if ((perIp.get(ip) ?? 0) >= limits.maxPerIp) {
        return { ok: false, status: 429, retryAfter: 10, reason: "Too many live connections from this address" };
      }
      return { ok: true };
    },
    add: (connection: StreamConnection): void => {
      connection.beatSlot = added++ % slices;
      connections.add(connection);
      perIp.set(connection.ip, (perIp.get(connection.ip) ?? 0) + 1);
      if (timer === undefined) {
        timer = setInterval(heartbeat, limits.heartbeatMs / slices);
        timer.unref();
      }
    },
    remove,
    write,
    close,
    size: (): number => connections.size,
    /** The token hashes open streams were opened with. */
    credentials: (): ReadonlySet<string> => {
      const hashes = new Set<string>();
      for (const connection of connections) if (connection.credential !== null) hashes.add(connection.credential);
      return hashes;
    },
    /** Ends the streams opened with any of these token hashes (revoked); answers how many. */
    closeCredentials: (hashes: ReadonlySet<string>): number => {
      let closed = 0;
      for (const connection of [...connections]) {
        if (connection.credential === null || !hashes.has(connection.credential)) continue;
        close(connection);
        closed += 1;
      }
      return closed;
    },
    /** True once the server is shutting down: no new stream is admitted. */
    closing: (): boolean => closing,
    limits,
    /** Ends every stream (shutdown): clients see a normal end and reconnect to the next server. */
    closeAll: (): void => {
      closing = true;
      for (const connection of [...connections]) close(connection);
    },
  };
};

export type StreamRegistry = ReturnType<typeof makeStreamRegistry>;
