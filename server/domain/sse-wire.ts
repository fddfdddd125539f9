import type { StreamEvent } from "./stream-event.ts";

const encoder = new TextEncoder();

/** The JSON body of an event on the wire: `{ seq, type, testRunId, itemId?, data, timestamp }`. */
export const eventJson = (event: StreamEvent): string => JSON.stringify(event);

/**
 * One unnamed SSE message (so `onmessage` clients see it) with `id:` = seq. JSON never contains a
 * raw newline, so one `data:` line is always enough.
 */
export const encodeEventFrame = (event: StreamEvent): Uint8Array =>
  encoder.encode(`id: ${event.seq}\ndata: ${eventJson(event)}\n\n`);

export interface Heartbeat {
  readonly serverTime: string;
  readonly lastEventId: number;
  /** The server's heartbeat interval, so clients judge staleness without guessing. */
  readonly intervalMs: number;
}

/** A named heartbeat without `id:`, so it never moves the client's Last-Event-ID. */
export const encodeHeartbeat = (heartbeat: Heartbeat): Uint8Array =>
  encoder.encode(`event: heartbeat\ndata: ${JSON.stringify(heartbeat)}\n\n`);

export const encodeRetry = (retryMs: number): Uint8Array => encoder.encode(`retry: ${Math.round(retryMs)}\n\n`);

/** A comment line: opens the stream through proxies at once. CR ends an SSE line as LF does. */
export const encodeComment = (text: string): Uint8Array => encoder.encode(`: ${text.replace(/[\r\n]+/g, " ")}\n\n`);
