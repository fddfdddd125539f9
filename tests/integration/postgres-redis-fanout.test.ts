import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { allTopic, runTopic } from "../../server/application/ports/sse-broadcaster.ts";
import { RedisFanoutLive } from "../../server/infrastructure/adapters/redis/redis-fanout.ts";
import {
  deferEachTest,
  type Instance,
  oneTo,
  postgresStorage,
  type Received,
  startInstance,
  subscribe,
  until,
} from "../support/fanout-instance.ts";
import { createTestDatabase } from "../support/postgres.ts";

/**
 * The production combination: two instances on one PostgreSQL database (each with its own pool,
 * writer, hub and relay), Redis between them. PostgreSQL's writers commit in seq order across
 * instances; the relays must turn that into every event once, in order, on every instance.
 */
const redisUrl = process.env.MEDI_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const defer = deferEachTest();

describe("Redis fan-out on PostgreSQL", () => {
  it("concurrent writes through two instances reach every stream on both once each, in seq order", async () => {
    const database = await createTestDatabase("medi_test_fanout");
    defer(() => database.drop());
    const channel = `medi-test:test:${randomUUID()}:events`;
    const started: Instance[] = [];
    for (const name of ["A", "B"]) {
      const instance = await startInstance(
        name,
        postgresStorage(database.url),
        RedisFanoutLive({ url: redisUrl, channel, pollMs: 60_000 }),
      );
      defer(() => instance.close());
      await until(`${name} listening`, () => instance.logs.some((line) => line.includes("listening on")));
      started.push(instance);
    }
    const [a, b] = started;
    if (a === undefined || b === undefined) throw new Error("instances missing");
    const all = [await subscribe(a, allTopic), await subscribe(b, allTopic)];
    const runs = [await a.createRun("Through A"), await b.createRun("Through B")];
    for (const received of all) await until("both runs everywhere", () => received.events.length >= 2);
    const perRun: Received[] = [];
    for (const on of [a, b]) for (const run of runs) perRun.push(await subscribe(on, runTopic(run)));
    defer(() => {
      for (const received of [...all, ...perRun]) received.stop();
    });

    // Eight writers on each instance at once, each one write after another.
    const writer = (on: Instance, run: string, w: number) => async () => {
      for (let i = 0; i < 25; i++) await on.comment(run, `${on.name} writer ${w}, ${i}`);
    };
    await Promise.all(
      Array.from({ length: 16 }, (_, w) => writer(w % 2 === 0 ? a : b, runs[w % 4 < 2 ? 0 : 1] ?? "", w)()),
    );

    const total = 2 + 16 * 25;
    for (const received of all) {
      await until("every event on every instance", () => received.events.length >= total, 10_000);
      expect(received.seqs()).toEqual(oneTo(total));
    }
    const [reference] = all;
    if (reference === undefined) throw new Error("no subscriber");
    for (const [i, received] of perRun.entries()) {
      const run = runs[i % 2];
      const expected = reference.events.filter((event) => event.testRunId === run && event.seq > 2).map((e) => e.seq);
      await until("each run's streams", () => received.events.length >= expected.length, 5_000);
      expect(received.seqs()).toEqual(expected);
    }
  });
});
