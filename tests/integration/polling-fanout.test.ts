import { describe, expect, it } from "vitest";
import { allTopic, runTopic } from "../../server/application/ports/sse-broadcaster.ts";
import { PollingFanoutLive } from "../../server/infrastructure/adapters/relay/polling-fanout.ts";
import {
  deferEachTest,
  type Instance,
  oneTo,
  sharedLogFile,
  sqliteStorage,
  startInstance,
  subscribe,
  until,
} from "../support/fanout-instance.ts";

/** Several instances on one shared log and no Redis: each relay polls the log. */
const defer = deferEachTest();

const pollMs = 200;

const twoInstances = async (): Promise<readonly [Instance, Instance]> => {
  const file = sharedLogFile(defer);
  const started: Instance[] = [];
  for (const name of ["A", "B"]) {
    const instance = await startInstance(name, sqliteStorage(file), PollingFanoutLive({ pollMs }));
    defer(() => instance.close());
    started.push(instance);
  }
  const [a, b] = started;
  if (a === undefined || b === undefined) throw new Error("instances missing");
  return [a, b];
};

describe("polling fan-out between instances", () => {
  it("another instance's events reach a stream within pollMs; its own at once", async () => {
    const [a, b] = await twoInstances();
    const [aAll, bAll] = [await subscribe(a, allTopic), await subscribe(b, allTopic)];
    defer(aAll.stop);
    defer(bAll.stop);
    const written: number[] = [];
    const committed: number[] = [];
    const run = await a.createRun("Polled");
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 90));
      written.push(performance.now());
      await a.comment(run, `polled ${i}`);
      committed.push(performance.now());
    }
    await until("B to see every event", () => bAll.events.length >= 7, 5_000);
    expect(bAll.seqs()).toEqual(oneTo(7));
    expect(aAll.seqs()).toEqual(oneTo(7));
    const lagAtB = bAll.times.slice(1).map((at, i) => at - (written[i] ?? at));
    // At the configured pace (at the 1 s default some lags would pass 1 s), with room for timers
    // held up on a busy machine.
    expect(Math.max(...lagAtB)).toBeLessThan(pollMs * 2 + 300);
    // A's own events did not wait for a poll.
    const lagAtA = aAll.times.slice(1).map((at, i) => at - (committed[i] ?? at));
    expect(Math.max(...lagAtA)).toBeLessThan(pollMs / 2);
  });

  it("writes through both at once reach every stream once each, in seq order", async () => {
    const [a, b] = await twoInstances();
    const all = [await subscribe(a, allTopic), await subscribe(b, allTopic)];
    const run = await a.createRun("Busy");
    for (const received of all) await until("the run everywhere", () => received.events.length >= 1);
    const perRun = [await subscribe(a, runTopic(run)), await subscribe(b, runTopic(run))];
    const streams = [...all, ...perRun];
    defer(() => {
      for (const stream of streams) stream.stop();
    });
    await Promise.all(Array.from({ length: 150 }, (_, i) => (i % 3 === 0 ? a : b).comment(run, `busy ${i}`)));
    for (const stream of streams) await until("every event", () => stream.events.length >= 150, 5_000);
    await new Promise((resolve) => setTimeout(resolve, pollMs + 50));
    for (const stream of all) expect(stream.seqs()).toEqual(oneTo(151));
    for (const stream of perRun) expect(stream.seqs()).toEqual(oneTo(151).slice(1));
  });
});
