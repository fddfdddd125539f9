import { parseHeartbeat, parseWireEvent, timeOf, type WireEvent } from "./wire.ts";

/**
 * The one SSE client every page uses: one EventSource per page, recreated when it dies.
 *
 * - Tracks the last event id; a recreated EventSource resumes with `?lastEventId=` (a native
 *   EventSource only resends Last-Event-ID on its own retries, and gives up for good on any
 *   non-200 answer such as a 503 while the server shuts down).
 * - Recreates with exponential backoff, each delay taken at random from the upper half of its
 *   range, so a restarted server is not hit by every wall at the same instant. A message or a
 *   heartbeat starts the count over.
 * - Drops events it has already seen (seq ≤ last seq), except snapshots and resets.
 * - Judges freshness from heartbeats: the server sends one every 15 s by default; the client
 *   learns the actual interval from the gap between two heartbeats. A heartbeat missed by more
 *   than a grace (half an interval, at most 5 s) means the connection is dead (it is recreated:
 *   a half-open TCP connection never errors). A lost connection shows "reconnecting" for that
 *   grace — a reconnect of a few seconds does not flash the wall — and then the page is stale,
 *   well within one heartbeat interval of the loss.
 */

export type ConnectionPhase = "connecting" | "live" | "reconnecting" | "stale";

export interface ConnectionStatus {
  readonly phase: ConnectionPhase;
  /** Server time (ms) of the newest sign of life, null before the first. */
  readonly asOf: number | null;
  /** Server clock minus this machine's clock, ms (0 until the server said its time). */
  readonly serverOffsetMs: number;
  /** The heartbeat interval in use (learned, or the 15 s default). */
  readonly heartbeatMs: number;
}

export const initialConnectionStatus: ConnectionStatus = {
  phase: "connecting",
  asOf: null,
  serverOffsetMs: 0,
  heartbeatMs: 15_000,
};

/** What the client uses of an EventSource: a browser's fits, and tests pass a stand-in. */
export interface StreamSource {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent<string>) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: "heartbeat", listener: (event: MessageEvent<string>) => void): void;
  removeEventListener(type: "heartbeat", listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface EventStreamClientOptions {
  /** Stream path with its query, e.g. `/api/stream?all=1`. */
  readonly url: string;
  readonly onEvent: (event: WireEvent) => void;
  readonly onStatus: (status: ConnectionStatus) => void;
  readonly createSource?: (url: string) => StreamSource;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly defaultHeartbeatMs?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface EventStreamClient {
  readonly start: () => void;
  readonly stop: () => void;
  /** Reconnect at once (the network came back, the user asked). */
  readonly reconnectNow: () => void;
}

/**
 * Liveness windows for a heartbeat interval: a connection is live while a heartbeat is at most
 * `graceMs` late (`liveMs` since the last sign of life); a lost one is stale `graceMs` after it
 * was lost; a first connection that never answers is stale after `staleMs`.
 */
export const livenessWindows = (
  heartbeatMs: number,
): { readonly graceMs: number; readonly liveMs: number; readonly staleMs: number } => {
  const graceMs = Math.min(heartbeatMs / 2, 5_000);
  const liveMs = heartbeatMs + graceMs;
  return { graceMs, liveMs, staleMs: liveMs + graceMs };
};

/** Delay before reconnect attempt `attempt` (1, 2, …): exponential, capped, full jitter over its upper half. */
export const backoffDelay = (attempt: number, random: () => number, minMs: number, maxMs: number): number => {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};

export const withLastEventId = (url: string, lastEventId: string | null): string =>
  lastEventId === null ? url : `${url}${url.includes("?") ? "&" : "?"}lastEventId=${encodeURIComponent(lastEventId)}`;

export const createEventStreamClient = (options: EventStreamClientOptions): EventStreamClient => {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const createSource = options.createSource ?? ((url: string): StreamSource => new EventSource(url));
  const minDelay = options.minDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 20_000;

  let source: StreamSource | null = null;
  let running = false;
  let connected = false;
  let attempts = 0;
  let lastEventId: string | null = null;
  let lastSeq = 0;
  let startedAt = 0;
  /** Local ms of the newest sign of life. */
  let lastSignal: number | null = null;
  /** Local ms the connection was found lost (error or silence); null while it works. */
  let lostAt: number | null = null;
  let lastHeartbeatOnConnection: number | null = null;
  let heartbeatMs = options.defaultHeartbeatMs ?? initialConnectionStatus.heartbeatMs;
  let serverOffsetMs = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setInterval> | null = null;
  let published: ConnectionStatus | null = null;

  const status = (): ConnectionStatus => {
    const at = now();
    const { graceMs, liveMs, staleMs } = livenessWindows(heartbeatMs);
    let phase: ConnectionPhase;
    if (lastSignal === null) phase = at - startedAt > staleMs ? "stale" : "connecting";
    else if (connected && at - lastSignal <= liveMs) phase = "live";
    else if (at - (lostAt ?? (connected ? lastSignal + liveMs : lastSignal)) <= graceMs) phase = "reconnecting";
    else phase = "stale";
    return { phase, asOf: lastSignal === null ? null : lastSignal + serverOffsetMs, serverOffsetMs, heartbeatMs };
  };

  const publish = () => {
    const next = status();
    // "As of" moves with every message; a page needs it to the second, not once per event.
    if (
      published !== null &&
      published.phase === next.phase &&
      published.heartbeatMs === next.heartbeatMs &&
      (published.asOf === next.asOf ||
        (published.asOf !== null && next.asOf !== null && next.asOf - published.asOf < 1_000)) &&
      Math.abs(published.serverOffsetMs - next.serverOffsetMs) < 500
    ) {
      return;
    }
    published = next;
    options.onStatus(next);
  };

  const signal = () => {
    lastSignal = now();
    if (connected) lostAt = null;
  };

  const closeSource = () => {
    if (source === null) return;
    source.onopen = null;
    source.onmessage = null;
    source.onerror = null;
    source.removeEventListener("heartbeat", onHeartbeat);
    source.close();
    source = null;
    connected = false;
  };

  const scheduleReconnect = (delay: number) => {
    if (!running || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      open();
    }, delay);
  };

  const fail = () => {
    if (lostAt === null) lostAt = now();
    closeSource();
    attempts += 1;
    scheduleReconnect(backoffDelay(attempts, random, minDelay, maxDelay));
    publish();
  };

  function onHeartbeat(message: MessageEvent<string>) {
    const beat = parseHeartbeat(message.data);
    if (beat === null) return;
    // A working stream, like any message: a resume with nothing new to send shows only heartbeats.
    attempts = 0;
    const at = now();
    if (beat.intervalMs > 0) heartbeatMs = beat.intervalMs;
    else if (lastHeartbeatOnConnection !== null) {
      const gap = at - lastHeartbeatOnConnection;
      if (gap >= 200 && gap <= 600_000) heartbeatMs = Math.round(gap);
    }
    lastHeartbeatOnConnection = at;
    const serverTime = timeOf(beat.serverTime);
    if (serverTime > 0) serverOffsetMs = serverTime - at;
    signal();
    publish();
  }

  const onMessage = (message: MessageEvent<string>) => {
    const event = parseWireEvent(message.data);
    signal();
    attempts = 0;
    if (message.lastEventId !== "") lastEventId = message.lastEventId;
    if (event === null) return;
    const isState = event.type === "snapshot" || event.type === "reset";
    if (isState) {
      // A snapshot is fresh server state: its timestamp is the server's "now".
      const serverTime = timeOf(event.timestamp);
      if (serverTime > 0) serverOffsetMs = serverTime - now();
      lastSeq = event.seq;
    } else if (event.seq <= lastSeq) {
      return;
    } else {
      lastSeq = event.seq;
    }
    options.onEvent(event);
    publish();
  };

  function open() {
    if (!running) return;
    closeSource();
    lastHeartbeatOnConnection = null;
    const created = createSource(withLastEventId(options.url, lastEventId));
    source = created;
    created.onopen = () => {
      connected = true;
      signal();
      publish();
    };
    created.onmessage = onMessage;
    created.addEventListener("heartbeat", onHeartbeat);
    // Always recreate on error: the native retry would reuse the old URL and stop for good on a 503.
    created.onerror = () => {
      if (source === created) fail();
    };
  }

  const onOnline = () => {
    if (!connected) reconnectNow();
  };

  const reconnectNow = () => {
    if (!running) return;
    if (reconnectTimer !== null) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    attempts = 0;
    open();
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      startedAt = now();
      open();
      watchdog = setInterval(() => {
        const { liveMs } = livenessWindows(heartbeatMs);
        // Open but a heartbeat overdue: a dead connection that never errored.
        if (connected && lastSignal !== null && now() - lastSignal > liveMs) fail();
        publish();
      }, 1_000);
      window.addEventListener("online", onOnline);
      publish();
    },
    stop: () => {
      running = false;
      closeSource();
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      if (watchdog !== null) clearInterval(watchdog);
      watchdog = null;
      window.removeEventListener("online", onOnline);
    },
    reconnectNow,
  };
};
