import { describe, expect, it } from "vitest";
import { type BatchHost, createFrameBatcher } from "../../../../../renderer/src/shared/live/frame-batcher.ts";

/** A page with its own clock, frames and timers, advanced by hand. */
const fakeHost = () => {
  let now = 0;
  let hidden = false;
  let nextId = 0;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { at: number; run: () => void }>();
  /** ms the clock moves on each time the batcher reads it while folding. */
  let costPerFold = 0;
  const host: BatchHost = {
    now: () => now,
    frame: (run) => {
      const id = nextId++;
      frames.set(id, run);
      return () => frames.delete(id);
    },
    timer: (run, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return () => timers.delete(id);
    },
    hidden: () => hidden,
  };
  return {
    host,
    /** Runs the frame callbacks queued so far (one animation frame). */
    frame: () => {
      const due = [...frames.values()];
      frames.clear();
      for (const run of due) run();
    },
    /** Moves the clock on and runs the timers that came due, one task each. */
    advance: (ms: number) => {
      const until = now + ms;
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (next === undefined || next[1].at > until) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].run();
      }
      now = until;
    },
    /** Runs the one timer that is due now (a single task). */
    task: () => {
      const next = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (next === undefined) throw new Error("no task is due");
      timers.delete(next[0]);
      next[1].run();
    },
    tick: (ms: number) => {
      now += ms;
    },
    pendingFrames: () => frames.size,
    pendingTimers: () => timers.size,
    setHidden: (value: boolean) => {
      hidden = value;
    },
    setCostPerFold: (ms: number) => {
      costPerFold = ms;
    },
    costPerFold: () => costPerFold,
  };
};

interface Ev {
  readonly seq: number;
}

const setup = (options: { chunkSize?: number; sliceMs?: number; minGapMs?: number } = {}) => {
  const page = fakeHost();
  const chunks: number[][] = [];
  let renders = 0;
  const batcher = createFrameBatcher<Ev>({
    host: page.host,
    fold: (chunk) => {
      chunks.push(chunk.map((e) => e.seq));
      page.tick(page.costPerFold());
    },
    folded: () => {
      renders += 1;
    },
    canSplit: (previous, next) => previous.seq !== next.seq,
    ...options,
  });
  const folded = () => chunks.flat();
  return { page, batcher, chunks, folded, renders: () => renders };
};

const events = (from: number, count: number): Ev[] => Array.from({ length: count }, (_, i) => ({ seq: from + i }));

describe("frame batcher", () => {
  it("folds everything that arrived before a frame in that frame, with one render", () => {
    const { page, batcher, folded, renders } = setup();
    batcher.push(events(1, 3));
    batcher.push(events(4, 2));
    expect(folded()).toEqual([]);
    expect(page.pendingFrames()).toBe(1);
    page.frame();
    expect(folded()).toEqual([1, 2, 3, 4, 5]);
    expect(renders()).toBe(1);
    // Nothing left scheduled: the fallback timer went with the frame.
    expect(page.pendingTimers()).toBe(0);
    expect(page.pendingFrames()).toBe(0);
  });

  it("asks for one frame per burst, and a new one for what comes after", () => {
    const { page, batcher, renders } = setup();
    batcher.push(events(1, 1));
    batcher.push(events(2, 1));
    expect(page.pendingFrames()).toBe(1);
    page.frame();
    batcher.push(events(3, 1));
    expect(page.pendingFrames()).toBe(1);
    page.frame();
    expect(renders()).toBe(2);
  });

  it("folds on the fallback timer when no frame comes", () => {
    const { page, batcher, folded, renders } = setup();
    batcher.push(events(1, 2));
    page.advance(99);
    expect(folded()).toEqual([]);
    page.advance(1);
    expect(folded()).toEqual([1, 2]);
    expect(renders()).toBe(1);
    expect(page.pendingFrames()).toBe(0);
  });

  it("slices a backlog: stops once a slice used its budget and goes on in a task of its own", () => {
    const { page, batcher, chunks, folded, renders } = setup({ chunkSize: 10, sliceMs: 8 });
    page.setCostPerFold(3);
    batcher.push(events(1, 100));
    page.frame();
    // 3 ms a chunk, 8 ms a slice: three chunks, then a render.
    expect(chunks.length).toBe(3);
    expect(renders()).toBe(1);
    expect(batcher.queued()).toBe(70);
    expect(page.pendingTimers()).toBe(1);
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

  it("folds new events with the backlog's next slice instead of asking for a frame", () => {
    const { page, batcher, folded } = setup({ chunkSize: 10, sliceMs: 8 });
    page.setCostPerFold(8);
    batcher.push(events(1, 20));
    page.frame();
    batcher.push(events(21, 1));
    expect(page.pendingFrames()).toBe(0);
    page.task();
    page.task();
    expect(folded()).toEqual(events(1, 21).map((e) => e.seq));
  });

  it("folds at most once per gap, asking for no frame until about one before the gap ends", () => {
    const { page, batcher, folded, renders } = setup({ minGapMs: 32 });
    batcher.push(events(1, 1));
    page.frame();
    expect(folded()).toEqual([1]);
    batcher.push(events(2, 1));
    expect(page.pendingFrames()).toBe(0);
    page.advance(15);
    expect(page.pendingFrames()).toBe(0);
    page.advance(1);
    expect(page.pendingFrames()).toBe(1);
    page.tick(4);
    page.frame();
    // 20 ms after the last fold: this frame passes, the next one is asked for.
    expect(folded()).toEqual([1]);
    expect(page.pendingFrames()).toBe(1);
    page.tick(10);
    // A frame a little early (frames jitter) still counts.
    page.frame();
    expect(folded()).toEqual([1, 2]);
    expect(renders()).toBe(2);
    // Long after the last fold, the next frame folds.
    page.tick(100);
    batcher.push(events(3, 1));
    expect(page.pendingFrames()).toBe(1);
    page.frame();
    expect(folded()).toEqual([1, 2, 3]);
  });

  it("folds on the fallback timer when frames keep passing too soon", () => {
    const { page, batcher, folded } = setup({ minGapMs: 1_000 });
    batcher.push(events(1, 1));
    page.frame();
    batcher.push(events(2, 1));
    page.advance(100);
    expect(folded()).toEqual([1, 2]);
    expect(page.pendingFrames()).toBe(0);
  });

  it("never splits what must be folded together", () => {
    const { page, batcher, chunks } = setup({ chunkSize: 2 });
    batcher.push([{ seq: 1 }, { seq: 2 }, { seq: 2 }, { seq: 2 }, { seq: 3 }]);
    page.frame();
    expect(chunks).toEqual([[1, 2, 2, 2], [3]]);
  });

  it("folds the whole queue at once while the page is hidden", () => {
    const { page, batcher, folded, renders } = setup({ chunkSize: 10, sliceMs: 8 });
    page.setCostPerFold(5);
    page.setHidden(true);
    batcher.push(events(1, 500));
    page.advance(100);
    expect(folded().length).toBe(500);
    expect(renders()).toBe(1);
    expect(page.pendingTimers()).toBe(0);
  });

  it("drop forgets the queue; dispose cancels what was scheduled", () => {
    const { page, batcher, folded, renders } = setup();
    batcher.push(events(1, 3));
    batcher.drop();
    batcher.push(events(10, 1));
    page.frame();
    expect(folded()).toEqual([10]);
    batcher.push(events(11, 1));
    batcher.dispose();
    expect(page.pendingFrames()).toBe(0);
    expect(page.pendingTimers()).toBe(0);
    batcher.push(events(12, 1));
    page.advance(1_000);
    expect(folded()).toEqual([10]);
    expect(renders()).toBe(1);
  });
});
