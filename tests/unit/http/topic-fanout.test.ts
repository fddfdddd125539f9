import type { ServerResponse } from "node:http";
import { Effect, ManagedRuntime } from "effect";
import { afterEach, describe, expect, it } from "vitest";
import { EventSink } from "../../../server/application/ports/event-sink.ts";
import { allTopic, runTopic, SSEBroadcaster } from "../../../server/application/ports/sse-broadcaster.ts";
import { draftEvent, loggedEvent } from "../../../server/domain/events.ts";
import type { StreamConnection } from "../../../server/http/sse/stream-registry.ts";
import type { TopicMember } from "../../../server/http/sse/topic-delivery.ts";
import { makeTopicFanout } from "../../../server/http/sse/topic-fanout.ts";
import { MemorySseBroadcasterLive } from "../../../server/infrastructure/adapters/memory-hub/memory-sse-broadcaster.ts";

const event = (seq: number, runId: string) =>
  loggedEvent(seq, draftEvent("run_deleted", runId, null, { id: runId }, 1_700_000_000_000));

const seqsOf = (chunk: Uint8Array): number[] =>
  [
    ...Buffer.from(chunk)
      .toString("utf8")
      .matchAll(/^id: (\d+)$/gm),
  ].map((m) => Number(m[1]));

const member = (): TopicMember => ({
  connection: {
    ip: "10.0.0.1",
    res: {} as ServerResponse,
    credential: null,
    lastSent: 0,
    started: false,
    stop: () => undefined,
  },
  accepts: null,
  pending: [],
});

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

const runtimes: Array<ManagedRuntime.ManagedRuntime<SSEBroadcaster | EventSink, never>> = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.dispose();
});

const setup = () => {
  const runtime = ManagedRuntime.make(MemorySseBroadcasterLive);
  runtimes.push(runtime);
  const written = new Map<StreamConnection, Uint8Array[]>();
  const fanout = makeTopicFanout({
    fork: (program) => runtime.runFork(program),
    write: (connection, chunk) => {
      written.set(connection, [...(written.get(connection) ?? []), chunk]);
      return true;
    },
    lost: () => undefined,
  });
  const publish = (...events: ReturnType<typeof event>[]) =>
    runtime.runSync(
      Effect.gen(function* () {
        (yield* EventSink).committed(events);
      }),
    );
  const hubStats = () =>
    runtime.runPromise(
      Effect.gen(function* () {
        return yield* (yield* SSEBroadcaster).stats;
      }),
    );
  return { runtime, fanout, written, publish, hubStats };
};

const hubIdle = async (hubStats: () => Promise<{ subscriptions: number; topics: number }>) => {
  let hub = await hubStats();
  for (let i = 0; i < 200 && hub.topics > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    hub = await hubStats();
  }
  return hub;
};

describe("topic fan-out: one hub subscription per topic, however many streams", () => {
  it("subscribes once per topic, writes every live stream each event, and lets go with the last stream", async () => {
    const { runtime, fanout, written, publish, hubStats } = setup();
    const a = member();
    const b = member();
    const wall = member();
    await runtime.runPromise(fanout.join(runTopic("run-1"), a));
    await runtime.runPromise(fanout.join(runTopic("run-1"), b));
    await runtime.runPromise(fanout.join(allTopic, wall));
    expect(fanout.stats()).toEqual({ subscriptions: 3, topics: 2 });
    expect(await hubStats()).toEqual({ subscriptions: 2, topics: 2 });

    // Events published while the streams are starting are kept, then written once they go live.
    publish(event(1, "run-1"), event(2, "run-2"));
    await until(() => (a.pending?.length ?? 0) === 1 && (wall.pending?.length ?? 0) === 2);
    for (const m of [a, b, wall]) expect(fanout.goLive(m)).toBe(true);
    publish(event(3, "run-1"));
    await until(() => (written.get(wall.connection) ?? []).length === 2);
    expect((written.get(a.connection) ?? []).flatMap(seqsOf)).toEqual([1, 3]);
    expect((written.get(b.connection) ?? []).flatMap(seqsOf)).toEqual([1, 3]);
    expect((written.get(wall.connection) ?? []).flatMap(seqsOf)).toEqual([1, 2, 3]);
    // The live write of 3 was one chunk shared by both streams of run-1.
    expect(written.get(a.connection)?.[1]).toBe(written.get(b.connection)?.[1]);

    fanout.leave(a);
    expect(fanout.stats()).toEqual({ subscriptions: 2, topics: 2 });
    fanout.leave(b);
    fanout.leave(wall);
    fanout.leave(wall);
    expect(fanout.stats()).toEqual({ subscriptions: 0, topics: 0 });
    // The consumers' scopes close as their fibers are interrupted: the hub drops both topics.
    expect(await hubIdle(hubStats)).toEqual({ subscriptions: 0, topics: 0 });
  });

  it("a stream that joins while the topic's subscription is being made waits for it", async () => {
    const { runtime, fanout, publish } = setup();
    const first = member();
    const second = member();
    const joins = Promise.all([
      runtime.runPromise(fanout.join(runTopic("run-9"), first)),
      runtime.runPromise(fanout.join(runTopic("run-9"), second)),
    ]);
    await joins;
    publish(event(1, "run-9"));
    await until(() => first.pending?.length === 1 && second.pending?.length === 1);
    expect(fanout.stats()).toEqual({ subscriptions: 2, topics: 1 });
  });

  it("a stream cut while its topic's batch is written leaves the topic; the last one stops the consumer", async () => {
    const runtime = ManagedRuntime.make(MemorySseBroadcasterLive);
    runtimes.push(runtime);
    const slow = member();
    const fast = member();
    const got: number[] = [];
    const fanout = makeTopicFanout({
      fork: (program) => runtime.runFork(program),
      // The registry's write: past the cap the stream is stopped (it leaves its topic) and dropped.
      write: (connection, chunk) => {
        if (connection === slow.connection) {
          fanout.leave(slow);
          return false;
        }
        got.push(...seqsOf(chunk));
        fanout.leave(fast);
        return true;
      },
      lost: () => undefined,
    });
    await runtime.runPromise(fanout.join(runTopic("run-1"), slow));
    await runtime.runPromise(fanout.join(runTopic("run-1"), fast));
    fanout.goLive(slow);
    fanout.goLive(fast);
    runtime.runSync(
      Effect.gen(function* () {
        (yield* EventSink).committed([event(1, "run-1")]);
      }),
    );
    await until(() => got.length === 1);
    expect(fanout.stats()).toEqual({ subscriptions: 0, topics: 0 });
    const hub = await hubIdle(() =>
      runtime.runPromise(
        Effect.gen(function* () {
          return yield* (yield* SSEBroadcaster).stats;
        }),
      ),
    );
    expect(hub).toEqual({ subscriptions: 0, topics: 0 });
  });
});
