import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLiveStore } from "../../../../../renderer/src/shared/live/live-store.ts";
import type { BatchHost } from "../../../../../renderer/src/shared/live/event-batcher.ts";
import {
  baseTime,
  iso,
  itemChange,
  makeItem,
  makeRun,
  received,
  resultPart,
  wire,
} from "../../support/live-fixtures.ts";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const items = [makeItem("a"), makeItem("b")];
const passed = (seq: number, id: string) =>
  wire(seq, "item_updated", "run-1", itemChange(makeItem(id, { status: "passed", version: seq }), items, "untested"));

describe("live store", () => {
  it("applies a burst of events in one batch, one notification", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.push(received(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] })));
    for (let seq = 2; seq < 50; seq++) store.push(received(passed(seq, seq % 2 === 0 ? "a" : "b")));
    expect(store.getState().ready).toBe(false);
    vi.advanceTimersByTime(40);
    expect(notified).toBe(1);
    expect(store.getState().lastSeq).toBe(49);
    store.dispose();
  });

  it("drops what was queued before a snapshot", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    store.push(received(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] })));
    store.push(received(passed(2, "a")));
    store.push(received(wire(3, "snapshot", "", { runs: [makeRun("run-2", [])] })));
    vi.advanceTimersByTime(40);
    expect([...store.getState().runs.keys()]).toEqual(["run-2"]);
    expect(store.getState().lastSeq).toBe(3);
    expect(store.getState().generation).toBe(1);
    store.dispose();
  });

  it("forgets finished runs after the retention, only when asked to", () => {
    const finished = makeRun("done", [], { status: "completed", completedAt: iso(baseTime) });
    for (const retainFinishedMs of [1_000, null]) {
      const store = createLiveStore({ retainFinishedMs });
      store.push(received(wire(1, "snapshot", "", { runs: [finished] })));
      vi.advanceTimersByTime(40);
      store.prune(baseTime + 2_000);
      expect(store.getState().runs.size).toBe(retainFinishedMs === null ? 1 : 0);
      store.dispose();
    }
  });

  it("clear empties the state; dispose drops what was pending", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    store.push(received(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] })));
    vi.advanceTimersByTime(40);
    store.clear();
    expect(store.getState().ready).toBe(false);
    store.push(received(passed(2, "a")));
    store.dispose();
    vi.advanceTimersByTime(100);
    expect(store.getState().lastSeq).toBe(0);
  });

  it("applies a bulk import bigger than a chunk whole, with one render", () => {
    const timers: Array<() => void> = [];
    let now = 0;
    const host: BatchHost = {
      // Every look at the clock takes 1 ms: a fold would run out of its slice after a few chunks.
      now: () => (now += 1),
      timer: (run) => {
        timers.push(run);
        return () => timers.splice(timers.indexOf(run), 1);
      },
      hidden: () => false,
    };
    const many = Array.from({ length: 250 }, (_, i) => makeItem(`i${i}`));
    const store = createLiveStore({ retainFinishedMs: null, host });
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.push(received(wire(1, "snapshot", "", { runs: [makeRun("run-1", many)] })));
    const done = many.map((item) => makeItem(item.id, { status: "passed", version: 2 }));
    const parts = done.map((item, i) =>
      resultPart(itemChange(item, [...done.slice(0, i + 1), ...many.slice(i + 1)], "untested")),
    );
    store.push(received(wire(2, "batch", "run-1", { events: parts })));
    expect(timers).toHaveLength(1);
    timers.shift()?.();
    expect(notified).toBe(1);
    expect(timers).toHaveLength(0);
    const run = store.getState().runs.get("run-1");
    expect(run?.run.counts.passed).toBe(250);
    expect([...(run?.items.values() ?? [])].every((item) => item.status === "passed")).toBe(true);
    store.dispose();
  });
});
