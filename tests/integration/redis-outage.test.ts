import { describe, expect, it } from "vitest";
import { allTopic, runTopic } from "../../server/application/ports/sse-broadcaster.ts";
import { RedisFanoutLive } from "../../server/infrastructure/adapters/redis/redis-fanout.ts";
import {
  deferEachTest,
  type Instance,
  type Received,
  sharedLogFile,
  sqliteStorage,
  startInstance,
  subscribe,
  until,
} from "../support/fanout-instance.ts";
import { startPrivateRedis } from "../support/private-redis.ts";

/**
 * Plain Redis Pub/Sub loses what is published while a subscriber is away. Two instances on one
 * shared log, a redis-server of the test's own that is stopped for 5 s while both keep writing:
 * every stream must still end with every event, none twice, in order. The poll is a minute, so
 * what closes the outage is the relays' gap reads and the re-read after resubscribing.
 */
const defer = deferEachTest();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fromTo = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const listening = (instance: Instance): number => instance.logs.filter((line) => line.includes("listening on")).length;

describe("a Redis outage", () => {
  it("every stream ends with every event, none twice, in order, though Redis stops for 5 s mid-stream", async () => {
    const redis = await startPrivateRedis();
    defer(redis.stop);
    const file = sharedLogFile(defer);
    const start = async (name: string) => {
      const instance = await startInstance(
        name,
        sqliteStorage(file),
        RedisFanoutLive({ url: redis.url, pollMs: 60_000 }),
      );
      defer(() => instance.close());
      await until(`${name} listening`, () => listening(instance) === 1);
      return instance;
    };
    const a = await start("A");
    const b = await start("B");
    const [aAll, bAll] = [await subscribe(a, allTopic), await subscribe(b, allTopic)];
    const run = await a.createRun("Through the outage");
    await until("the run everywhere", () => aAll.events.length === 1 && bAll.events.length === 1);
    const [aRun, bRun] = [await subscribe(a, runTopic(run)), await subscribe(b, runTopic(run))];
    const streams: ReadonlyArray<Received> = [aAll, bAll, aRun, bRun];
    defer(() => {
      for (const stream of streams) stream.stop();
    });

    let written = 1;
    const writing = { A: false, B: false };
    const writer = async (instance: Instance, key: "A" | "B") => {
      writing[key] = true;
      while (writing[key]) {
        await instance.comment(run, `${key} ${written}`);
        written += 1;
        await sleep(5);
      }
    };

    const [aWrites, bWrites] = [writer(a, "A"), writer(b, "B")];
    await sleep(1_000);
    await redis.stop();
    await sleep(4_500);
    // The last half second of the outage, only A writes: B can learn of those events only from
    // the log, once it has resubscribed (it writes nothing that would show it a gap).
    writing.B = false;
    await bWrites;
    await sleep(500);
    writing.A = false;
    await aWrites;
    const beforeRestart = written;
    expect(bAll.events.length).toBeLessThan(beforeRestart);
    await redis.start();
    await until("B resubscribed", () => listening(b) === 2, 10_000);
    // The normal poll is far off here: only the re-read on resubscribing brings these in.
    await until("B to read what it missed", () => bAll.events.length === beforeRestart, 10_000);

    await until("A resubscribed", () => listening(a) === 2, 10_000);

    // Redis is back: both write again, and Redis carries it.
    const again = [writer(a, "A"), writer(b, "B")];
    await sleep(1_000);
    writing.A = false;
    writing.B = false;
    await Promise.all(again);

    for (const stream of streams) {
      await until("every stream to end with every event", () => stream.events.length >= written - 1, 5_000);
    }
    await sleep(200);
    expect(aAll.seqs()).toEqual(fromTo(1, written));
    expect(bAll.seqs()).toEqual(fromTo(1, written));
    expect(aRun.seqs()).toEqual(fromTo(2, written));
    expect(bRun.seqs()).toEqual(fromTo(2, written));
    expect(written).toBeGreaterThan(200);
    for (const instance of [a, b]) {
      expect(instance.logs.filter((line) => line.includes("redis subscriber: connection lost"))).toHaveLength(1);
      expect(instance.logs.filter((line) => line.includes("redis publisher: connection lost"))).toHaveLength(1);
      expect(instance.logs.filter((line) => line.includes("redis subscriber: connected"))).toHaveLength(2);
    }
  });

  it("instances start and write with Redis down, streams keep up by polling, and Redis is taken up when it comes", async () => {
    const redis = await startPrivateRedis();
    defer(redis.stop);
    await redis.stop();
    const file = sharedLogFile(defer);
    const pollMs = 200;
    const started: Instance[] = [];
    for (const name of ["A", "B"]) {
      const instance = await startInstance(name, sqliteStorage(file), RedisFanoutLive({ url: redis.url, pollMs }));
      defer(() => instance.close());
      started.push(instance);
    }
    const [a, b] = started;
    if (a === undefined || b === undefined) throw new Error("instances missing");
    const bAll = await subscribe(b, allTopic);
    defer(bAll.stop);

    const run = await a.createRun("No Redis yet");
    const slowest = { ms: 0 };
    for (let i = 0; i < 10; i++) {
      const before = performance.now();
      await a.comment(run, `without Redis ${i}`);
      slowest.ms = Math.max(slowest.ms, performance.now() - before);
    }
    // Publishing never held a write up: one that waited for Redis would wait out the publisher's
    // 2 s command timeout; 1 s leaves room for a slow fsync on a busy machine.
    expect(slowest.ms).toBeLessThan(1_000);
    await until("B to see A's events by polling", () => bAll.events.length === 11, 5_000);
    expect(a.logs.some((line) => line.includes("redis publisher: events are not published"))).toBe(true);

    await redis.start();
    for (const instance of [a, b]) await until(`${instance.name} listening`, () => listening(instance) === 1, 10_000);
    await until("A's publisher connected", () => a.logs.some((line) => line.includes("redis publisher: connected")));
    for (let i = 0; i < 10; i++) await a.comment(run, `with Redis ${i}`);
    await until("B to see every event", () => bAll.events.length === 21, 2_000);
    expect(bAll.seqs()).toEqual(fromTo(1, 21));
  });
});
