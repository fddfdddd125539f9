import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { allTopic, runTopic } from "../../server/application/ports/sse-broadcaster.ts";
import { RedisFanoutLive } from "../../server/infrastructure/adapters/redis/redis-fanout.ts";
import {
  deferEachTest,
  type Instance,
  oneTo,
  type Received,
  sharedLogFile,
  sqliteStorage,
  startInstance,
  subscribe,
  until,
} from "../support/fanout-instance.ts";

/**
 * Two instances on one shared log (an SQLite file), each with its own hub, relay and Redis
 * connections, on the machine's Redis with a channel of the test's own. The poll is a minute, so
 * what arrives within seconds came through Redis, or from the log because something told the relay
 * to look (a gap, a subscribe, a bad message).
 */
const redisUrl = process.env.MEDI_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const noPoll = 60_000;

const defer = deferEachTest();

const channelOfTest = (): string => `medi-test:test:${randomUUID()}:events`;

const instance = async (
  name: string,
  file: string,
  options: { readonly channel: string; readonly pollMs?: number },
): Promise<Instance> => {
  const started = await startInstance(
    name,
    sqliteStorage(file),
    RedisFanoutLive({ url: redisUrl, channel: options.channel, pollMs: options.pollMs ?? noPoll }),
  );
  defer(() => started.close());
  await until(`${name} listening on Redis`, () => started.logs.some((line) => line.includes("listening on")));
  return started;
};

const watch = async (on: Instance, topic: Parameters<typeof subscribe>[1]): Promise<Received> => {
  const received = await subscribe(on, topic);
  defer(received.stop);
  return received;
};

/** The seqs of one run's events, as the all-runs subscriber saw them. */
const seqsOfRun = (all: Received, runId: string): number[] =>
  all.events.filter((event) => event.testRunId === runId).map((event) => event.seq);

describe("Redis fan-out between instances", () => {
  it("writes through A reach B's streams through Redis, once each, in order", async () => {
    const file = sharedLogFile(defer);
    const channel = channelOfTest();
    const a = await instance("A", file, { channel });
    const b = await instance("B", file, { channel });
    const bAll = await watch(b, allTopic);
    const aAll = await watch(a, allTopic);
    const logLinesBefore = b.logs.length;

    const run = await a.createRun("Hub run");
    // Subscribed once the run exists on B too, as a stream would be: it gets what follows.
    await until("the run on B", () => bAll.events.length >= 1);
    const bRun = await watch(b, runTopic(run));
    for (let i = 0; i < 30; i++) await a.comment(run, `one by one ${i}`);
    // Concurrent writes share a group commit: several events in one hand-over.
    await Promise.all(Array.from({ length: 30 }, (_, i) => a.comment(run, `together ${i}`)));

    const total = 61;
    await until("B's subscriber to see every event", () => bAll.events.length >= total, 5_000);
    await until("B's run subscriber to see the run's events", () => bRun.events.length >= total - 1, 5_000);
    await until("A's subscriber to see every event", () => aAll.events.length >= total, 5_000);
    expect(bAll.seqs()).toEqual(oneTo(total));
    expect(aAll.seqs()).toEqual(oneTo(total));
    expect(bRun.seqs()).toEqual(seqsOfRun(bAll, run).filter((seq) => seq > 1));
    expect(bAll.events.map((event) => event.type)).toEqual(["run_created", ...Array(60).fill("comment_added")]);
    // B read nothing from the log: Redis carried every event.
    expect(b.logs.slice(logLinesBefore).filter((line) => line.includes("read from the log"))).toEqual([]);
    // A's own events came back through Redis and were dropped, not delivered twice.
    expect(aAll.seqs()).toHaveLength(total);
  });

  it("writes through both instances at once reach every subscriber once each, in seq order", async () => {
    const file = sharedLogFile(defer);
    const channel = channelOfTest();
    const a = await instance("A", file, { channel });
    const b = await instance("B", file, { channel });
    const subscribers = [await watch(a, allTopic), await watch(b, allTopic)];
    const runA = await a.createRun("Written through A");
    const runB = await b.createRun("Written through B");
    for (const received of subscribers) await until("both runs everywhere", () => received.events.length >= 2);
    const perRun = [await watch(a, runTopic(runB)), await watch(b, runTopic(runA))];

    const writes = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? a.comment(runA, `a ${i}`) : b.comment(runB, `b ${i}`),
    );
    await Promise.all(writes);

    const total = 202;
    for (const received of subscribers) {
      await until("every event on every instance", () => received.events.length >= total, 5_000);
      expect(received.seqs()).toEqual(oneTo(total));
    }
    const [all] = subscribers;
    if (all === undefined) throw new Error("no subscriber");
    await until("each run's subscribers", () => (perRun[0]?.events.length ?? 0) >= 100, 5_000);
    await until("each run's subscribers", () => (perRun[1]?.events.length ?? 0) >= 100, 5_000);
    expect(perRun[0]?.seqs()).toEqual(seqsOfRun(all, runB).filter((seq) => seq > 2));
    expect(perRun[1]?.seqs()).toEqual(seqsOfRun(all, runA).filter((seq) => seq > 2));
    // Nothing arrived late: one more quiet moment adds nothing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const received of [...subscribers, ...perRun])
      expect(new Set(received.seqs()).size).toBe(received.events.length);
  });

  it("a message that is not an event is logged and read around: it neither crashes nor reaches a stream", async () => {
    const file = sharedLogFile(defer);
    const channel = channelOfTest();
    const a = await instance("A", file, { channel });
    const b = await instance("B", file, { channel });
    const bAll = await watch(b, allTopic);
    const rogue = new Redis(redisUrl, { lazyConnect: true });
    defer(() => rogue.disconnect());
    await rogue.connect();

    const run = await a.createRun("Noisy channel");
    await rogue.publish(channel, "not json at all");
    await rogue.publish(channel, JSON.stringify({ seq: 2, type: "comment_added", testRunId: run }));
    await rogue.publish(channel, JSON.stringify({ seq: "three" }));
    await rogue.publish(
      channel,
      JSON.stringify({ seq: 1_000_000, type: "snapshot", testRunId: "*", data: { runs: [] }, timestamp: "x" }),
    );
    for (let i = 0; i < 5; i++) await a.comment(run, `after the noise ${i}`);

    await until("B's subscriber to see every real event", () => bAll.events.length >= 6, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bAll.seqs()).toEqual(oneTo(6));
    expect(bAll.events.slice(1).every((event) => event.type === "comment_added")).toBe(true);
    const warnings = b.logs.filter((line) => line.includes("fan-out message was unreadable"));
    expect(warnings.length).toBe(4);
  });

  it("events B never hears of through Redis reach its streams within pollMs, from the log", async () => {
    const file = sharedLogFile(defer);
    const pollMs = 300;
    // A publishes where B does not listen: to B, Redis is silent while the log moves on.
    const a = await instance("A", file, { channel: channelOfTest() });
    const b = await instance("B", file, { channel: channelOfTest(), pollMs });
    const bAll = await watch(b, allTopic);
    const written: number[] = [performance.now()];
    const run = await a.createRun("Unheard");
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 130));
      written.push(performance.now());
      await a.comment(run, `unheard ${i}`);
    }
    await until("B to see every event", () => bAll.events.length >= 9, 5_000);
    expect(bAll.seqs()).toEqual(oneTo(9));
    const lags = bAll.times.map((at, i) => at - (written[i] ?? at));
    // The poll, plus one read of the log, with room for timers held up on a busy machine (the
    // poll is 60 s without pollMs: only the short poll delivers this soon).
    expect(Math.max(...lags)).toBeLessThan(pollMs * 2 + 300);
    expect(b.logs.some((line) => line.includes("events read from the log"))).toBe(true);
  });
});
