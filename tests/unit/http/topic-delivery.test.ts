import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import type { Published } from "../../../server/application/ports/sse-broadcaster.ts";
import { draftEvent, loggedEvent } from "../../../server/domain/events.ts";
import { encodeEventFrame } from "../../../server/domain/sse-wire.ts";
import { makeStreamRegistry, type StreamConnection } from "../../../server/http/sse/stream-registry.ts";
import { deliverBatch, goLive, type TopicMember } from "../../../server/http/sse/topic-delivery.ts";

const published = (seq: number, runId = "run-1"): Published => {
  const event = loggedEvent(seq, draftEvent("run_deleted", runId, null, { id: runId }, 1_700_000_000_000));
  return { event, frame: encodeEventFrame(event) };
};

const seqsOf = (chunk: Uint8Array): number[] =>
  [
    ...Buffer.from(chunk)
      .toString("utf8")
      .matchAll(/^id: (\d+)$/gm),
  ].map((m) => Number(m[1]));

/** A socket that only counts what it was given; `waiting` stands for bytes the client has not read. */
const fakeResponse = (waiting = 0) => {
  const state = { waiting, writes: [] as Uint8Array[], destroyed: false, ended: false };
  const res = {
    get writableLength() {
      return state.waiting;
    },
    get writableEnded() {
      return state.ended;
    },
    get destroyed() {
      return state.destroyed;
    },
    write: (chunk: Uint8Array) => {
      state.writes.push(chunk);
      return true;
    },
    destroy: () => {
      state.destroyed = true;
    },
    end: () => {
      state.ended = true;
    },
  };
  return { res: res as unknown as ServerResponse, state };
};

const connectionOf = (res: ServerResponse, lastSent = 0): StreamConnection => ({
  ip: "10.0.0.1",
  credential: null,
  res,
  lastSent,
  started: true,
  stop: () => undefined,
});

const live = (connection: StreamConnection, accepts: TopicMember["accepts"] = null): TopicMember => ({
  connection,
  accepts,
  pending: null,
});

const recorder = () => {
  const writes: Array<{ connection: StreamConnection; chunk: Uint8Array }> = [];
  return {
    writes,
    write: (connection: StreamConnection, chunk: Uint8Array) => {
      writes.push({ connection, chunk });
      return true;
    },
  };
};

describe("topic delivery: one consumer writes each batch to every stream on its topic", () => {
  it("frames a batch once: every live stream that takes all of it is written the same chunk", () => {
    const members = [1, 2, 3].map(() => live(connectionOf(fakeResponse().res, 4)));
    const { writes, write } = recorder();
    deliverBatch(members, [published(5), published(6), published(7)], write);
    expect(writes).toHaveLength(3);
    const chunk = writes[0]?.chunk;
    expect(chunk).toBeDefined();
    for (const w of writes) expect(w.chunk).toBe(chunk);
    expect(seqsOf(chunk ?? new Uint8Array())).toEqual([5, 6, 7]);
    for (const member of members) expect(member.connection.lastSent).toBe(7);
  });

  it("a single-event batch goes out as the hub's own frame, not a copy", () => {
    const event = published(9);
    const { writes, write } = recorder();
    deliverBatch([live(connectionOf(fakeResponse().res, 8))], [event], write);
    expect(writes[0]?.chunk).toBe(event.frame);
  });

  it("writes a run list only its runs, and a stream already past part of the batch only the rest", () => {
    const list = live(connectionOf(fakeResponse().res, 0), (event) => event.testRunId === "b");
    const ahead = live(connectionOf(fakeResponse().res, 2));
    const { writes, write } = recorder();
    deliverBatch([list, ahead], [published(1, "a"), published(2, "b"), published(3, "a"), published(4, "b")], write);
    expect(writes.map((w) => seqsOf(w.chunk))).toEqual([
      [2, 4],
      [3, 4],
    ]);
    expect(list.connection.lastSent).toBe(4);
    expect(ahead.connection.lastSent).toBe(4);
    // Nothing new for either: no write at all.
    deliverBatch([list, ahead], [published(3, "b")], write);
    expect(writes).toHaveLength(2);
  });

  it("keeps what arrives while a stream is starting, and at the live edge writes each seq once", () => {
    const starting: TopicMember = { connection: connectionOf(fakeResponse().res, 0), accepts: null, pending: [] };
    starting.connection.started = false;
    const { writes, write } = recorder();
    // Subscribed first: 5..7 reach the topic while the log is read up to seq 6.
    deliverBatch([starting], [published(5), published(6)], write);
    deliverBatch([starting], [published(7)], write);
    expect(writes).toHaveLength(0);
    starting.connection.lastSent = 6; // the snapshot or replay reached seq 6
    expect(goLive(starting, write)).toBe(true);
    expect(starting.pending).toBeNull();
    expect(starting.connection.started).toBe(true);
    expect(writes.map((w) => seqsOf(w.chunk))).toEqual([[7]]);
    // A later batch that repeats 7 (it was queued before the hand-over) adds only 8.
    deliverBatch([starting], [published(7), published(8)], write);
    expect(writes.map((w) => seqsOf(w.chunk))).toEqual([[7], [8]]);
  });

  it("goes live without a write when the log already covered everything kept", () => {
    const starting: TopicMember = { connection: connectionOf(fakeResponse().res, 0), accepts: null, pending: [] };
    const { writes, write } = recorder();
    deliverBatch([starting], [published(3), published(4)], write);
    starting.connection.lastSent = 4;
    expect(goLive(starting, write)).toBe(true);
    expect(writes).toHaveLength(0);
  });

  it("cuts a stream whose unsent bytes passed the cap, and the others on the topic still get the batch", () => {
    const streams = makeStreamRegistry(
      { maxTotal: 10, maxPerIp: 10, heartbeatMs: 15_000, sendBufferLimit: 1_024, stallMs: 30_000 },
      () => 0,
    );
    const slow = fakeResponse(1_025);
    const fast = fakeResponse(1_024);
    let stopped = 0;
    const slowConnection = { ...connectionOf(slow.res, 0), stop: () => (stopped += 1) };
    const fastConnection = connectionOf(fast.res, 0);
    streams.add(slowConnection);
    streams.add(fastConnection);
    deliverBatch([live(slowConnection), live(fastConnection)], [published(1), published(2)], streams.write);
    expect(slow.state.destroyed).toBe(true);
    expect(slow.state.writes).toHaveLength(0);
    expect(stopped).toBe(1);
    expect(fast.state.writes.map(seqsOf)).toEqual([[1, 2]]);
    expect(streams.size()).toBe(1);
  });
});
