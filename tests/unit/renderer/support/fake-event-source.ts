import type { StreamSource } from "../../../../renderer/src/shared/live/event-stream-client.ts";

/**
 * An EventSource stand-in for the stream client: the test opens it, sends messages and
 * heartbeats, and breaks it, as a server or a network would.
 */
export class FakeEventSource implements StreamSource {
  readonly url: string;
  closed = false;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly heartbeatListeners = new Set<(event: MessageEvent<string>) => void>();

  constructor(url: string) {
    this.url = url;
  }

  addEventListener(_type: "heartbeat", listener: (event: MessageEvent<string>) => void): void {
    this.heartbeatListeners.add(listener);
  }

  removeEventListener(_type: "heartbeat", listener: (event: MessageEvent<string>) => void): void {
    this.heartbeatListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.onopen?.(new Event("open"));
  }

  /** One unnamed message; `id` is what the server put in its `id:` line. */
  message(data: unknown, id = ""): void {
    const text = typeof data === "string" ? data : JSON.stringify(data);
    this.onmessage?.(new MessageEvent("message", { data: text, lastEventId: id }));
  }

  heartbeat(data: unknown): void {
    const event = new MessageEvent("heartbeat", { data: typeof data === "string" ? data : JSON.stringify(data) });
    for (const listener of this.heartbeatListeners) listener(event);
  }

  fail(): void {
    this.onerror?.(new Event("error"));
  }
}

/** A factory that records every source the client makes. */
export interface FakeSources {
  readonly create: (url: string) => FakeEventSource;
  readonly all: FakeEventSource[];
  readonly latest: () => FakeEventSource;
}

export const fakeSources = (): FakeSources => {
  const all: FakeEventSource[] = [];
  return {
    all,
    create: (url) => {
      const source = new FakeEventSource(url);
      all.push(source);
      return source;
    },
    latest: () => {
      const source = all.at(-1);
      if (source === undefined) throw new Error("no EventSource was created");
      return source;
    },
  };
};
