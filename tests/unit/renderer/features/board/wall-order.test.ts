import { describe, expect, it } from "vitest";
import {
  countBucket,
  newFailureWindowMs,
  runHealth,
  severityOf,
  stalledAfterMs,
} from "../../../../../renderer/src/features/board/wall-order.ts";
import { applyEvents, emptyLiveState, type RunEntry } from "../../../../../renderer/src/shared/live/live-state.ts";
import { liveEventsOf, type TestRunDetail } from "../../../../../renderer/src/shared/live/wire.ts";
import { baseTime, makeItem, makeRun, received, wire } from "../../support/live-fixtures.ts";

const now = baseTime + 120 * 60_000;

const entryOf = (run: TestRunDetail, extra: Partial<RunEntry> = {}): RunEntry => {
  const entry = applyEvents(emptyLiveState, liveEventsOf(received(wire(1, "snapshot", "", { runs: [run] })))).runs.get(
    run.id,
  );
  if (entry === undefined) throw new Error("run missing");
  return { ...entry, ...extra };
};

describe("runHealth", () => {
  it("says failing, blocked, clean or finished", () => {
    const counts = (failed: number, blocked: number) => ({
      total: 10,
      passed: 1,
      failed,
      blocked,
      skipped: 0,
      retest: 0,
      untested: 9 - failed - blocked,
    });
    expect(runHealth("running", counts(2, 1))).toBe("failing");
    expect(runHealth("paused", counts(0, 1))).toBe("blocked");
    expect(runHealth("planned", counts(0, 0))).toBe("clean");
    expect(runHealth("completed", counts(3, 0))).toBe("finished");
    expect(runHealth("aborted", counts(0, 0))).toBe("finished");
  });
});

describe("severityOf", () => {
  const failing = makeRun("f", [makeItem("a", { status: "failed" }), makeItem("b")]);
  const running = makeRun("r", [makeItem("a", { status: "passed" }), makeItem("b")]);

  it("puts a failure from the last minutes first, and only while it is new", () => {
    expect(severityOf(entryOf(failing, { newFailureAt: now - 60_000 }), now).tier).toBe(0);
    expect(severityOf(entryOf(failing, { newFailureAt: now - newFailureWindowMs - 1 }), now).tier).toBe(1);
    expect(severityOf(entryOf(failing), now).tier).toBe(1);
  });

  it("marks a running run without a result for half an hour as stalled, after blocked runs", () => {
    expect(severityOf(entryOf(running, { lastActivityAt: now - stalledAfterMs - 1 }), now).tier).toBe(3);
    expect(severityOf(entryOf(running, { lastActivityAt: now - 60_000 }), now).tier).toBe(4);
  });

  it("weighs failures in coarse buckets, so a run moves only when its count changes class", () => {
    expect([0, 1, 2, 4, 5, 9, 10, 19, 20, 49, 50, 99, 100, 5_000].map(countBucket)).toEqual([
      0, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
    ]);
  });
});
