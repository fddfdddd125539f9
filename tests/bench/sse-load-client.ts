import { type Agent, request, type ClientRequest, type IncomingMessage } from "node:http";
import { type LatencyHistogram, makeLatencyHistogram } from "./latency-histogram.ts";

/**
 * The benchmarks' own SSE client: as light as possible so the load generator is not the
 * bottleneck. Checks every event's seq per connection (loss, duplicates, order), measures
 * publish-to-receive latency from the timestamp in the event, and can resume like a browser:
 * wait the server's `retry:`, reconnect with Last-Event-ID.
 */
export interface LoadClientStats {
  /** Events delivered (snapshots and resets are starting points, not deliveries). */
  received: number;
  duplicates: number;
  outOfOrder: number;
  /** Seqs skipped, where seqs are contiguous per channel ("data" mode). */
  gaps: number;
  /** The first seq the connection started from (its snapshot's id); 0 in "data" mode. */
  startSeq: number;
  lastSeq: number;
  resets: number;
  reconnects: number;
  /** When each (re)connection was answered with 200 (Date.now()). */
  readonly connectedAt: number[];
  /** Every delivered seq and when it arrived, when `record` is set. */
  readonly seqs: number[];
  readonly arrivals: number[];
}

export interface LoadClientOptions {
  readonly url: string;
  readonly localAddress?: string;
  /**
   * "id": the SSE id is the event seq and the first event is a snapshot (medi-test).
   * "data": the seq is the JSON's "seq" field, contiguous per channel, no snapshot (nchan).
   */
  readonly seqSource: "id" | "data";
  readonly latency: LatencyHistogram;
  /** Reconnect after the stream ends, as EventSource does, resuming with Last-Event-ID. */
  readonly reconnect?: boolean;
  readonly record?: boolean;
}

export interface LoadClient {
  readonly stats: LoadClientStats;
  /** Resolves once the first connection is live (its snapshot arrived, or 200 in "data" mode). */
  readonly ready: Promise<void>;
  /** True while a response is streaming. */
  readonly connected: () => boolean;
  close: () => void;
}

const timestampKey = '"timestamp":"';
const seqPattern = /"seq":(\d+)/;

/**
 * `openLoadClient(options)`, or the older `openLoadClient(url, agent, sampleEvery)` form (a
 * medi-test stream, latencies kept in a histogram of its own; agent and sampling are ignored).
 */
export const openLoadClient = (
  urlOrOptions: string | LoadClientOptions,
  _agent?: Agent,
  _sampleEvery?: number,
): LoadClient => {
  const options: LoadClientOptions =
    typeof urlOrOptions === "string"
      ? { url: urlOrOptions, seqSource: "id", latency: makeLatencyHistogram() }
      : urlOrOptions;
  const stats: LoadClientStats = {
    received: 0,
    duplicates: 0,
    outOfOrder: 0,
    gaps: 0,
    startSeq: 0,
    lastSeq: 0,
    resets: 0,
    reconnects: 0,
    connectedAt: [],
    seqs: [],
    arrivals: [],
  };
  let req: ClientRequest | undefined;
  let closed = false;
  let live = false;
  let retryMs = 1_000;
  let everConnected = false;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const onMessage = (message: string, expectStart: boolean): boolean => {
    if (message.startsWith("retry: ")) {
      retryMs = Number(message.slice(7)) || retryMs;
      return expectStart;
    }
    if (!message.startsWith("id: ")) return expectStart;
    const newline = message.indexOf("\n");
    const data = message.slice(newline + 7);
    if (options.seqSource === "id") {
      const seq = Number(message.slice(4, newline));
      // {"seq":N,"type":"snapshot"|"reset",…}: a starting point, not a delivery.
      const typeAt = data.indexOf(",") + 1;
      const snapshot = data.startsWith('"type":"snapshot"', typeAt);
      const reset = !snapshot && data.startsWith('"type":"reset"', typeAt);
      if (snapshot || reset) {
        if (reset) stats.resets += 1;
        if (expectStart) stats.startSeq = seq;
        stats.lastSeq = seq;
        resolveReady();
        return false;
      }
      count(seq, data);
      return false;
    }
    const match = seqPattern.exec(data);
    count(Number(match?.[1] ?? Number.NaN), data);
    return false;
  };

  const count = (seq: number, data: string): void => {
    if (seq === stats.lastSeq) stats.duplicates += 1;
    else if (seq < stats.lastSeq) stats.outOfOrder += 1;
    else {
      if (options.seqSource === "data" && seq > stats.lastSeq + 1) stats.gaps += seq - stats.lastSeq - 1;
      stats.lastSeq = seq;
    }
    stats.received += 1;
    const now = Date.now();
    if (options.record === true) {
      stats.seqs.push(seq);
      stats.arrivals.push(now);
    }
    const at = data.lastIndexOf(timestampKey);
    if (at !== -1) {
      const start = at + timestampKey.length;
      options.latency.record(now - Date.parse(data.slice(start, data.indexOf('"', start))));
    }
  };

  const retryLater = () => {
    live = false;
    if (closed || options.reconnect !== true || !everConnected) return;
    setTimeout(connect, retryMs);
  };

  const connect = (): void => {
    if (closed) return;
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (everConnected && options.seqSource === "id") headers["last-event-id"] = String(stats.lastSeq);
    const resuming = everConnected;
    // One retry per attempt, whichever of error/end/close reports the loss first.
    let retried = false;
    const again = () => {
      if (retried) return;
      retried = true;
      retryLater();
    };
    req = request(
      options.url,
      { agent: false, headers, ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }) },
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          res.resume();
          if (!everConnected) rejectReady(new Error(`stream answered ${res.statusCode}`));
          res.on("end", again);
          return;
        }
        live = true;
        if (resuming) stats.reconnects += 1;
        everConnected = true;
        stats.connectedAt.push(Date.now());
        if (options.seqSource === "data") resolveReady();
        res.setEncoding("utf8");
        let buffer = "";
        let expectStart = !resuming;
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let start = 0;
          let end = buffer.indexOf("\n\n");
          while (end !== -1) {
            expectStart = onMessage(buffer.slice(start, end), expectStart);
            start = end + 2;
            end = buffer.indexOf("\n\n", start);
          }
          buffer = start === 0 ? buffer : buffer.slice(start);
        });
        res.on("close", again);
      },
    );
    req.on("error", (error) => {
      if (!everConnected) rejectReady(error);
      else again();
    });
    req.end();
  };
  connect();

  return {
    stats,
    ready,
    connected: () => live,
    close: () => {
      closed = true;
      req?.destroy();
    },
  };
};
