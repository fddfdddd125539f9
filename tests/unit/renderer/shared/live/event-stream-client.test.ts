import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  backoffDelay,
  type ConnectionStatus,
  createEventStreamClient,
  type EventStreamClient,
  type EventStreamClientOptions,
  livenessWindows,
  withLastEventId,
} from "../../../../../renderer/src/shared/live/event-stream-client.ts";
import type { WireEvent } from "../../../../../renderer/src/shared/live/wire.ts";
import { fakeSources, type FakeSources } from "../../support/fake-event-source.ts";
import { baseTime, countsOf, iso, makeComment, makeItem, wire } from "../../support/live-fixtures.ts";

/**
 * The client runs on vitest's fake timers: `setTimeout`/`setInterval` and the injected clock
 * (`now`, which reads the fake `Date.now`) move together, one millisecond at a time if need be.
 */

interface Harness {
  readonly client: EventStreamClient;
  readonly sources: FakeSources;
  readonly events: WireEvent[];
  readonly statuses: ConnectionStatus[];
  readonly phases: () => string[];
  readonly online: EventTarget;
}

let online: EventTarget;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(baseTime);
  // The client listens for the browser's `online` event on window.
  online = new EventTarget();
  vi.stubGlobal("window", online);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const started = (options: Partial<EventStreamClientOptions> = {}): Harness => {
  const sources = fakeSources();
  const events: WireEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  const client = createEventStreamClient({
    url: "/api/stream?all=1",
    onEvent: (event) => events.push(event),
    onStatus: (status) => statuses.push(status),
    createSource: sources.create,
    now: () => Date.now(),
    random: () => 0.5,
    ...options,
  });
  client.start();
  const phases = () =>
    statuses.map((status) => status.phase).filter((phase, index, all) => index === 0 || all[index - 1] !== phase);
  return { client, sources, events, statuses, phases, online };
};

const lastStatus = (harness: Harness): ConnectionStatus => {
  const status = harness.statuses.at(-1);
  if (status === undefined) throw new Error("no status published");
  return status;
};

/** A contract event sent now: a comment (the smallest), or a snapshot/reset of no runs. */
const event = (seq: number): WireEvent =>
  wire(seq, "comment_added", "run-1", { comment: makeComment(`c${seq}`) }, Date.now());
const state = (seq: number, type: "snapshot" | "reset" = "snapshot"): WireEvent =>
  wire(seq, type, "", { runs: [] }, Date.now());

const beat = (intervalMs?: number, serverTime = Date.now()) => ({
  serverTime: iso(serverTime),
  lastEventId: 1,
  ...(intervalMs === undefined ? {} : { intervalMs }),
});

/** Advances the fake time until a new source appears; returns how long that took. */
const timeToNextSource = (harness: Harness, limitMs = 60_000): number => {
  const count = harness.sources.all.length;
  for (let waited = 1; waited <= limitMs; waited++) {
    vi.advanceTimersByTime(1);
    if (harness.sources.all.length > count) return waited;
  }
  throw new Error(`no reconnect within ${limitMs} ms`);
};

describe("withLastEventId", () => {
  it("adds the resume id as a query parameter, after any there already is", () => {
    expect(withLastEventId("/api/stream?all=1", "42")).toBe("/api/stream?all=1&lastEventId=42");
    expect(withLastEventId("/api/test-runs/r1/stream", "7")).toBe("/api/test-runs/r1/stream?lastEventId=7");
    expect(withLastEventId("/api/stream?all=1", null)).toBe("/api/stream?all=1");
    expect(withLastEventId("/s", "a&b=c")).toBe("/s?lastEventId=a%26b%3Dc");
  });
});

describe("backoffDelay", () => {
  it("doubles from the minimum up to the cap, each taken from the upper half of its range", () => {
    const low = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, () => 0, 1_000, 20_000));
    const high = [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, () => 1, 1_000, 20_000));
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000]);
    expect(low).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it("stays within [ceiling/2, ceiling] of a capped, non-decreasing ceiling for any attempt and random value", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (attempt, random, minMs, extra) => {
          const maxMs = minMs + extra;
          const ceiling = Math.min(maxMs, minMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, () => random, minMs, maxMs);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
          expect(delay).toBeLessThanOrEqual(maxMs);
          expect(backoffDelay(attempt + 1, () => 0, minMs, maxMs)).toBeGreaterThanOrEqual(
            backoffDelay(attempt, () => 0, minMs, maxMs),
          );
        },
      ),
    );
  });
});

describe("livenessWindows", () => {
  it("is live while a heartbeat is at most a grace late (half a beat, at most 5 s); stale a grace after a loss", () => {
    expect(livenessWindows(15_000)).toEqual({ graceMs: 5_000, liveMs: 20_000, staleMs: 25_000 });
    expect(livenessWindows(1_000)).toEqual({ graceMs: 500, liveMs: 1_500, staleMs: 2_000 });
  });
});

describe("event stream client: connecting and resuming", () => {
  it("opens one source on the stream URL and hands over decoded events", () => {
    const harness = started();
    expect(harness.sources.all.map((source) => source.url)).toEqual(["/api/stream?all=1"]);
    const source = harness.sources.latest();
    source.open();
    source.message(state(10), "10");
    expect(harness.events.map((e) => [e.seq, e.type])).toEqual([[10, "snapshot"]]);
    harness.client.stop();
  });

  it("recreates a failed source with ?lastEventId= of the last event seen", () => {
    const harness = started();
    const first = harness.sources.latest();
    first.open();
    first.message(event(41), "41");
    first.message(event(42), "42");
    first.fail();
    expect(first.closed).toBe(true);
    timeToNextSource(harness);
    expect(harness.sources.latest().url).toBe("/api/stream?all=1&lastEventId=42");
    harness.client.stop();
  });

  it("a heartbeat (which has no id) does not move the resume point", () => {
    const harness = started();
    const first = harness.sources.latest();
    first.open();
    first.message(event(7), "7");
    first.heartbeat(beat(1_000));
    first.fail();
    timeToNextSource(harness);
    expect(harness.sources.latest().url).toBe("/api/stream?all=1&lastEventId=7");
    harness.client.stop();
  });

  it("drops events at or below the last seq, but always passes snapshots and resets", () => {
    const harness = started();
    const source = harness.sources.latest();
    source.open();
    source.message(event(5), "5");
    source.message(event(5), "5");
    source.message(event(4), "4");
    source.message(event(6), "6");
    source.message(state(3, "reset"), "3");
    source.message(event(4), "4");
    source.message("not json", "");
    expect(harness.events.map((e) => [e.seq, e.type])).toEqual([
      [5, "comment_added"],
      [6, "comment_added"],
      [3, "reset"],
      [4, "comment_added"],
    ]);
    harness.client.stop();
  });

  it("drops a message the contract refuses and carries on; the message still moves the resume point", () => {
    const harness = started();
    const first = harness.sources.latest();
    first.open();
    first.message(event(5), "5");
    const item = makeItem("a", { status: "passed" });
    // An item_updated without previousStatus, a comment by a number, a seq that is no whole number.
    first.message({ ...event(6), type: "item_updated", data: { item, counts: countsOf([item]) } }, "6");
    first.message({ ...event(7), data: { comment: { ...makeComment("c7"), author: 7 } } }, "7");
    first.message({ ...event(8), seq: 8.5 }, "8");
    expect(harness.events.map((e) => e.seq)).toEqual([5]);
    expect(lastStatus(harness).phase).toBe("live");
    first.fail();
    timeToNextSource(harness);
    const second = harness.sources.latest();
    expect(second.url).toBe("/api/stream?all=1&lastEventId=8");
    second.open();
    second.message(event(9), "9");
    expect(harness.events.map((e) => e.seq)).toEqual([5, 9]);
    harness.client.stop();
  });
});

describe("event stream client: backoff", () => {
  it("waits longer after each failure in a row, capped at 20 s", () => {
    const harness = started({ random: () => 1 });
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      harness.sources.latest().fail();
      delays.push(timeToNextSource(harness));
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 20_000, 20_000]);
    harness.client.stop();
  });

  it("jitters each delay over the upper half of its range", () => {
    const randoms = [0, 0.25, 0.999];
    const delays = randoms.map((r) => {
      const harness = started({ random: () => r });
      for (let i = 0; i < 2; i++) {
        harness.sources.latest().fail();
        timeToNextSource(harness);
      }
      harness.sources.latest().fail();
      const delay = timeToNextSource(harness);
      harness.client.stop();
      return delay;
    });
    // The third attempt's range is 2–4 s.
    expect(delays).toEqual([2_000, 2_500, 3_998]);
  });

  it("starts over after a message", () => {
    const harness = started({ random: () => 1 });
    for (let i = 0; i < 4; i++) {
      harness.sources.latest().fail();
      timeToNextSource(harness);
    }
    const source = harness.sources.latest();
    source.open();
    source.message(state(1), "1");
    source.fail();
    expect(timeToNextSource(harness)).toBe(1_000);
    harness.client.stop();
  });

  it("starts over after a heartbeat (a resumed stream with nothing new sends only those)", () => {
    const harness = started({ random: () => 1 });
    for (let i = 0; i < 4; i++) {
      harness.sources.latest().fail();
      timeToNextSource(harness);
    }
    const source = harness.sources.latest();
    source.open();
    source.heartbeat(beat(1_000));
    source.fail();
    expect(timeToNextSource(harness)).toBe(1_000);
    harness.client.stop();
  });

  it("an error right after opening keeps backing off (a server that accepts and drops)", () => {
    const harness = started({ random: () => 1 });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const source = harness.sources.latest();
      source.open();
      source.fail();
      delays.push(timeToNextSource(harness));
    }
    expect(delays).toEqual([1_000, 2_000, 4_000]);
    harness.client.stop();
  });

  it("reconnects at once when the browser comes back online", () => {
    const harness = started({ random: () => 1 });
    for (let i = 0; i < 5; i++) {
      harness.sources.latest().fail();
      if (i < 4) timeToNextSource(harness);
    }
    const count = harness.sources.all.length;
    harness.online.dispatchEvent(new Event("online"));
    expect(harness.sources.all.length).toBe(count + 1);
    // The pending timer was cancelled: no second source when it would have fired.
    vi.advanceTimersByTime(20_000);
    expect(harness.sources.all.length).toBe(count + 1);
    harness.client.stop();
  });

  it("stops for good: the source is closed and nothing reconnects", () => {
    const harness = started();
    const source = harness.sources.latest();
    source.open();
    harness.client.stop();
    expect(source.closed).toBe(true);
    source.fail();
    harness.online.dispatchEvent(new Event("online"));
    vi.advanceTimersByTime(120_000);
    expect(harness.sources.all).toHaveLength(1);
  });
});

describe("event stream client: freshness", () => {
  it("goes live → reconnecting → stale from heartbeats, and live again on a new connection", () => {
    const harness = started({ random: () => 0 });
    const first = harness.sources.latest();
    first.open();
    first.message(state(1), "1");
    first.heartbeat(beat(1_000));
    expect(lastStatus(harness).phase).toBe("live");
    expect(lastStatus(harness).heartbeatMs).toBe(1_000);
    const lastSign = Date.now();

    // Live while the next heartbeat is at most the grace (0.5 s) late…
    vi.advanceTimersByTime(1_400);
    expect(lastStatus(harness).phase).toBe("live");
    // …then the silent connection is given up and recreated.
    vi.advanceTimersByTime(700);
    expect(lastStatus(harness).phase).toBe("reconnecting");
    expect(first.closed).toBe(true);

    // No sign of life for the grace after the loss: stale.
    vi.advanceTimersByTime(1_000);
    expect(lastStatus(harness).phase).toBe("stale");
    expect(lastStatus(harness).asOf).toBe(lastSign);

    const second = harness.sources.latest();
    expect(second).not.toBe(first);
    second.open();
    second.heartbeat(beat(1_000));
    expect(lastStatus(harness).phase).toBe("live");
    expect(harness.phases()).toEqual(["connecting", "live", "reconnecting", "stale", "live"]);
    harness.client.stop();
  });

  it("goes reconnecting at once when the connection errors, stale when no sign of life comes back", () => {
    const harness = started({ random: () => 1 });
    const source = harness.sources.latest();
    source.open();
    source.heartbeat(beat(1_000));
    source.fail();
    expect(lastStatus(harness).phase).toBe("reconnecting");
    // Every new source fails too.
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(1_000);
      for (const later of harness.sources.all.slice(1)) if (!later.closed) later.fail();
    }
    expect(lastStatus(harness).phase).toBe("stale");
    harness.client.stop();
  });

  it("is stale within one heartbeat interval of a lost connection, and a quick reconnect never shows stale", () => {
    const harness = started({ random: () => 1 });
    const source = harness.sources.latest();
    source.open();
    source.heartbeat(beat(15_000));
    expect(lastStatus(harness).phase).toBe("live");
    source.fail();
    expect(lastStatus(harness).phase).toBe("reconnecting");
    // The first retry comes after 1 s: the wall never flashes for it.
    vi.advanceTimersByTime(1_000);
    const retry = harness.sources.latest();
    expect(retry).not.toBe(source);
    retry.open();
    retry.heartbeat(beat(15_000));
    expect(lastStatus(harness).phase).toBe("live");
    expect(harness.phases()).not.toContain("stale");

    // Lost for good: stale after the grace (5 s), well within the 15 s interval.
    retry.fail();
    vi.advanceTimersByTime(4_000);
    expect(lastStatus(harness).phase).toBe("reconnecting");
    for (const later of harness.sources.all.slice(2)) if (!later.closed) later.fail();
    vi.advanceTimersByTime(2_000);
    expect(lastStatus(harness).phase).toBe("stale");
    harness.client.stop();
  });

  it("is connecting until the first sign of life, and stale if none comes", () => {
    const harness = started({ defaultHeartbeatMs: 1_000 });
    expect(lastStatus(harness).phase).toBe("connecting");
    vi.advanceTimersByTime(1_900);
    expect(lastStatus(harness).phase).toBe("connecting");
    vi.advanceTimersByTime(1_200);
    expect(lastStatus(harness).phase).toBe("stale");
    expect(lastStatus(harness).asOf).toBeNull();
    harness.client.stop();
  });

  it("uses the heartbeat's intervalMs at once when the server says it", () => {
    const harness = started();
    const source = harness.sources.latest();
    source.open();
    expect(lastStatus(harness).heartbeatMs).toBe(15_000);
    source.heartbeat(beat(2_000));
    expect(lastStatus(harness).heartbeatMs).toBe(2_000);
    // Said, not guessed: a late beat does not change it.
    vi.advanceTimersByTime(3_000);
    source.heartbeat(beat(2_000));
    expect(lastStatus(harness).heartbeatMs).toBe(2_000);
    harness.client.stop();
  });

  it("learns the interval from the gap between two heartbeats on one connection when the server does not say it", () => {
    const harness = started();
    const source = harness.sources.latest();
    source.open();
    source.heartbeat(beat());
    expect(lastStatus(harness).heartbeatMs).toBe(15_000);
    vi.advanceTimersByTime(4_000);
    source.heartbeat(beat());
    expect(lastStatus(harness).heartbeatMs).toBe(4_000);
    vi.advanceTimersByTime(5_000);
    source.heartbeat(beat(0));
    expect(lastStatus(harness).heartbeatMs).toBe(5_000);
    harness.client.stop();
  });

  it("does not learn a gap that spans two connections", () => {
    const harness = started({ random: () => 0 });
    const first = harness.sources.latest();
    first.open();
    first.heartbeat(beat());
    first.fail();
    timeToNextSource(harness);
    const second = harness.sources.latest();
    second.open();
    second.heartbeat(beat());
    expect(lastStatus(harness).heartbeatMs).toBe(15_000);
    harness.client.stop();
  });

  it("keeps the offset of the server's clock and reports 'as of' in server time", () => {
    const harness = started();
    const source = harness.sources.latest();
    source.open();
    source.heartbeat(beat(1_000, Date.now() + 5_000));
    expect(lastStatus(harness).serverOffsetMs).toBe(5_000);
    expect(lastStatus(harness).asOf).toBe(Date.now() + 5_000);
    harness.client.stop();
  });
});
