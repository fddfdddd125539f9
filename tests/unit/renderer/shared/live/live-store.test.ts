import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLiveStore } from "../../../../../renderer/src/shared/live/live-store.ts";
import { baseTime, countsOf, iso, makeItem, makeRun, wire } from "../../support/live-fixtures.ts";

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const items = [makeItem("a"), makeItem("b")];
const passed = (seq: number, id: string) => {
  const item = makeItem(id, { status: "passed", version: seq });
  return wire(seq, "item_updated", "run-1", {
    item,
    counts: countsOf(items.map((other) => (other.id === id ? item : other))),
  });
};

describe("live store", () => {
  it("applies a burst of events in one batch, one notification", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    let notified = 0;
    store.subscribe(() => (notified += 1));
    store.push(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] }));
    for (let seq = 2; seq < 50; seq++) store.push(passed(seq, seq % 2 === 0 ? "a" : "b"));
    expect(store.getState().ready).toBe(false);
    vi.advanceTimersByTime(40);
    expect(notified).toBe(1);
    expect(store.getState().lastSeq).toBe(49);
    store.dispose();
  });

  it("drops what was queued before a snapshot, and ignores what does not decode", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    store.push(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] }));
    store.push(passed(2, "a"));
    store.push(wire(3, "snapshot", "", { runs: [makeRun("run-2", [])] }));
    store.push(wire(4, "item_updated", "run-2", { item: "broken" }));
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
      store.push(wire(1, "snapshot", "", { runs: [finished] }));
      vi.advanceTimersByTime(40);
      store.prune(baseTime + 2_000);
      expect(store.getState().runs.size).toBe(retainFinishedMs === null ? 1 : 0);
      store.dispose();
    }
  });

  it("clear empties the state; dispose drops what was pending", () => {
    const store = createLiveStore({ retainFinishedMs: null });
    store.push(wire(1, "snapshot", "", { runs: [makeRun("run-1", items)] }));
    vi.advanceTimersByTime(40);
    store.clear();
    expect(store.getState().ready).toBe(false);
    store.push(passed(2, "a"));
    store.dispose();
    vi.advanceTimersByTime(100);
    expect(store.getState().lastSeq).toBe(0);
  });
});
