import { describe, expect, it } from "vitest";
import { type BatchHost, createEventBatcher } from "../../../../../renderer/src/shared/live/event-batcher.ts";

/** A page with its own clock and timers, advanced by hand. */
const fakeHost = () => {
  let now = 0;
  let hidden = false;
  let nextId = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const host: BatchHost = {
    now: () => now,
    timer: (run, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return () => timers.delete(id);
    },
    hidden: () => hidden,
  };
  const due = () => [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
  return {
    host,
    /** Moves the clock on, then runs the one timer that is due (a single task). */
    task: (ms = 0) => {
      now += ms;
      const next = due();
      if (next === undefined) throw new Error("no task is due");
      timers.delete(next[0]);
      next[1].run();
    },
    tick: (ms: number) => {
      now += ms;
    },
    due: () => due() !== undefined,
    pendingTimers: () => timers.size,
    setHidden: (value: boolean) => {
      hidden = value;
    },
  };
};

interface Ev {
  readonly seq: number;
}

const setup = (options: { chunkSize?: number; sliceMs?: number; costPerFold?: number } = {}) => {
  const page = fakeHost();
  const chunks: number[][] = [];
  let renders = 0;
  const batcher = createEventBatcher<Ev>({
    host: page.host,
    fold: (chunk) => {
      chunks.push(chunk.map((e) => e.seq));
      page.tick(options.costPerFold ?? 0);
    },
    folded: () => {
      renders += 1;
    },
    canSplit: (previous, next) => previous.seq !== next.seq,
    delayMs: 40,
    ...(options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize }),
    ...(options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs }),
  });
  const folded = () => chunks.flat();
  return { page, batcher, chunks, folded, renders: () => renders };
};

const events = (from: number, count: number): Ev[] => Array.from({ length: count }, (_, i) => ({ seq: from + i }));

describe("event batcher", () => {
  it("folds what arrived within the delay together, with one render", () => {
    const { page, batcher, folded, renders } = setup();
    batcher.push(events(1, 3));
    page.tick(20);
    batcher.push(events(4, 2));
    page.tick(19);
    expect(page.due()).toBe(false);
    page.task(1);
    expect(folded()).toEqual([1, 2, 3, 4, 5]);
    expect(renders()).toBe(1);
    expect(page.pendingTimers()).toBe(0);
  });

  it("starts a new delay for what comes after a fold", () => {
    const { page, batcher, renders } = setup();
    batcher.push(events(1, 1));
    page.task(40);
    batcher.push(events(2, 1));
    expect(page.pendingTimers()).toBe(1);
    page.task(40);
    expect(renders()).toBe(2);
  });

  it("slices a backlog: stops once a slice used its budget and goes on in a task of its own", () => {
    const { page, batcher, chunks, folded, renders } = setup({ chunkSize: 10, sliceMs: 8, costPerFold: 3 });
    batcher.push(events(1, 100));
    page.task(40);
    // 3 ms a chunk, 8 ms a slice: three chunks, then a render.
    expect(chunks.length).toBe(3);
    expect(renders()).toBe(1);
    expect(batcher.queued()).toBe(70);
    expect(page.due()).toBe(true);
    page.task();
    expect(chunks.length).toBe(6);
    expect(renders()).toBe(2);
    page.task();
    page.task();
    expect(folded()).toEqual(events(1, 100).map((e) => e.seq));
    expect(batcher.queued()).toBe(0);
    expect(page.pendingTimers()).toBe(0);
    expect(renders()).toBe(4);
  });

  it("folds new events with the backlog's next slice", () => {
    const { page, batcher, folded } = setup({ chunkSize: 10, sliceMs: 8, costPerFold: 8 });
    batcher.push(events(1, 20));
    page.task(40);
    batcher.push(events(21, 1));
    expect(page.pendingTimers()).toBe(1);
    page.task();
    page.task();
    expect(folded()).toEqual(events(1, 21).map((e) => e.seq));
  });

  it("never splits what must be folded together", () => {
    const { page, batcher, chunks } = setup({ chunkSize: 2 });
    batcher.push([{ seq: 1 }, { seq: 2 }, { seq: 2 }, { seq: 2 }, { seq: 3 }]);
    page.task(40);
    expect(chunks).toEqual([[1, 2, 2, 2], [3]]);
  });

  it("folds the whole queue at once while the page is hidden", () => {
    const { page, batcher, folded, renders } = setup({ chunkSize: 10, sliceMs: 8, costPerFold: 5 });
    page.setHidden(true);
    batcher.push(events(1, 500));
    page.task(40);
    expect(folded().length).toBe(500);
    expect(renders()).toBe(1);
    expect(page.pendingTimers()).toBe(0);
  });

  it("drop forgets the queue; dispose cancels what was scheduled", () => {
    const { page, batcher, folded, renders } = setup();
    batcher.push(events(1, 3));
    batcher.drop();
    batcher.push(events(10, 1));
    page.task(40);
    expect(folded()).toEqual([10]);
    batcher.push(events(11, 1));
    batcher.dispose();
    expect(page.pendingTimers()).toBe(0);
    batcher.push(events(12, 1));
    page.tick(1_000);
    expect(page.due()).toBe(false);
    expect(folded()).toEqual([10]);
    expect(renders()).toBe(1);
  });
});
