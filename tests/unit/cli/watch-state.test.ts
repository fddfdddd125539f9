import { describe, expect, it } from "vitest";
import type { TypedEvent } from "../../../server/domain/events.ts";
import {
  applyLabEvent,
  applyRunEvent,
  etaOf,
  firstLine,
  historyFromItems,
  labRuns,
  labStateFromList,
  newestFailures,
  runStateFromDetail,
  verdictOf,
} from "../../../cli/watch/watch-state.ts";
import { countsOf, detail, item, itemUpdated, iso, snapshot, statusChanged, summary, t0 } from "./watch-fixtures.ts";

const minute = 60_000;
const watching = { exitOnFailure: false, untilComplete: false };

describe("a run's watch state", () => {
  it("starts from the run's detail: failed and blocked items listed, a progress curve from item times", () => {
    const items = [
      item("a", "passed", t0),
      item("b", "failed", t0 + minute, { note: "  -92 dBm\nat bench A  " }),
      item("c", "blocked", t0 + 2 * minute),
      item("d", "untested"),
      item("e", "retest", t0 + 3 * minute),
    ];
    const state = runStateFromDetail(detail(items));
    expect(state.run.counts).toMatchObject({ total: 5, passed: 1, failed: 1, blocked: 1, untested: 1, retest: 1 });
    expect([...state.failing.keys()].sort()).toEqual(["b", "c"]);
    expect(state.failing.get("b")).toEqual({
      itemId: "b",
      key: "suite.b",
      title: "Case b",
      status: "failed",
      note: "-92 dBm",
      at: t0 + minute,
    });
    // Retest and untested are not done.
    expect(state.history.map((p) => p.done)).toEqual([1, 2, 3]);
  });

  it("items finished at the same instant (a bulk import) make one bulk point", () => {
    const history = historyFromItems([item("a", "passed", t0), item("b", "passed", t0), item("c", "failed", t0 + 1)]);
    expect(history).toEqual([
      { seq: 0, at: t0, done: 2, results: 2 },
      { seq: 0, at: t0 + 1, done: 3, results: 1 },
    ]);
  });

  it("a result moves the counts, lists or clears its failure and adds a progress point", () => {
    const a = item("a", "untested");
    const b = item("b", "untested");
    let state = runStateFromDetail(detail([a, b]));
    const failedA = { ...a, status: "failed" as const, note: "boom", updatedAt: iso(t0 + minute) };
    state = applyRunEvent(state, itemUpdated(5, failedA, countsOf([failedA, b]), "untested", t0 + minute));
    expect(state.run.counts).toMatchObject({ failed: 1, untested: 1 });
    expect(newestFailures(state).map((f) => [f.itemId, f.note])).toEqual([["a", "boom"]]);
    expect(state.history.at(-1)).toEqual({ seq: 5, at: t0 + minute, done: 1, results: 1 });
    expect(state.lastSeq).toBe(5);

    const passedA = { ...failedA, status: "passed" as const, note: null };
    state = applyRunEvent(state, itemUpdated(6, passedA, countsOf([passedA, b]), "failed", t0 + 2 * minute));
    expect(state.failing.size).toBe(0);
    expect(state.run.counts).toMatchObject({ passed: 1, failed: 0 });
  });

  it("drops events already applied, and ignores other runs' events", () => {
    const a = item("a", "untested");
    const state = applyRunEvent(runStateFromDetail(detail([a])), snapshot(10, [detail([a])]));
    const passed = { ...a, status: "passed" as const };
    expect(applyRunEvent(state, itemUpdated(9, passed, countsOf([passed])))).toBe(state);
    const other = applyRunEvent(state, itemUpdated(11, { ...passed, runId: "run-2" }, countsOf([passed])));
    expect(other.run.counts.passed).toBe(0);
    expect(other.lastSeq).toBe(11);
  });

  it("a batch applies all its parts and counts as one bulk step, never as pace", () => {
    const items = [item("a", "untested"), item("b", "untested"), item("c", "untested")];
    let state = runStateFromDetail(detail(items));
    const done = items.map((i) => ({ ...i, status: i.id === "c" ? ("blocked" as const) : ("passed" as const) }));
    const batch: TypedEvent = {
      seq: 3,
      type: "batch",
      testRunId: "run-1",
      data: {
        events: done.map((changed, index) => ({
          type: "item_updated" as const,
          itemId: changed.id,
          data: {
            item: changed,
            counts: countsOf([...done.slice(0, index + 1), ...items.slice(index + 1)]),
            previousStatus: "untested" as const,
          },
        })),
      },
      timestamp: iso(t0 + minute),
    };
    state = applyRunEvent(state, batch);
    expect(state.run.counts).toMatchObject({ passed: 2, blocked: 1, untested: 0 });
    expect(state.history).toEqual([{ seq: 3, at: t0 + minute, done: 3, results: 3 }]);
    expect(newestFailures(state).map((f) => f.status)).toEqual(["blocked"]);
  });

  it("a snapshot replaces the state; one without the run means it was deleted", () => {
    const state = runStateFromDetail(detail([item("a", "untested")]));
    const fresh = applyRunEvent(state, snapshot(20, [detail([item("a", "failed")])]));
    expect(fresh.run.counts.failed).toBe(1);
    expect(fresh.lastSeq).toBe(20);
    const gone = applyRunEvent(state, snapshot(21, []));
    expect(gone.deleted).toBe(true);
    expect(verdictOf(gone, watching)).toEqual({ _tag: "failed", reason: "run run-1 was deleted" });
  });

  it("lists the five newest failures, newest first", () => {
    const items = Array.from({ length: 7 }, (_, i) => item(`f${i}`, "failed", t0 + i * minute));
    expect(newestFailures(runStateFromDetail(detail(items))).map((f) => f.itemId)).toEqual([
      "f6",
      "f5",
      "f4",
      "f3",
      "f2",
    ]);
  });

  it("estimates the finish from the steady pace (the boards' rule), none for a finished run", () => {
    const items = [
      item("a", "passed", t0),
      item("b", "passed", t0 + minute),
      item("c", "passed", t0 + 2 * minute),
      item("d", "untested"),
      item("e", "untested"),
    ];
    const state = runStateFromDetail(detail(items));
    // 2 items gained over 2 minutes: 2 remaining take 2 more minutes.
    expect(etaOf(state, t0 + 2 * minute)).toBe(t0 + 4 * minute);
    expect(etaOf(runStateFromDetail(detail(items.slice(0, 2).concat(items.slice(3)))), t0 + minute)).toBeNull();
    expect(etaOf(runStateFromDetail(detail(items, "paused")), t0 + 2 * minute)).toBe(t0 + 4 * minute);
    expect(etaOf(runStateFromDetail(detail(items, "completed")), t0 + 2 * minute)).toBeNull();
  });

  it("first lines of notes", () => {
    expect(firstLine(null)).toBeNull();
    expect(firstLine("   \n  ")).toBeNull();
    expect(firstLine("\r\n first \r\n second")).toBe("first");
  });
});

describe("when watching ends", () => {
  const passedOnly = detail([item("a", "passed"), item("b", "untested")]);
  const withBlocked = detail([item("a", "blocked"), item("b", "untested")]);

  it("--exit-on-failure: at the first failed or blocked result, also one the run already had", () => {
    const rules = { exitOnFailure: true, untilComplete: false };
    expect(verdictOf(runStateFromDetail(passedOnly), rules)).toEqual({ _tag: "watching" });
    expect(verdictOf(runStateFromDetail(withBlocked), rules)).toEqual({
      _tag: "failed",
      reason: 'run "Firmware 2.4" has 0 failed and 1 blocked result (--exit-on-failure)',
    });
    const failed = { ...item("b", "failed") };
    const state = applyRunEvent(
      runStateFromDetail(passedOnly),
      itemUpdated(2, failed, countsOf([item("a", "passed"), failed])),
    );
    expect(verdictOf(state, rules)._tag).toBe("failed");
    expect(verdictOf(state, watching)).toEqual({ _tag: "watching" });
  });

  it("--until-complete: completed without failures is done; with failures, or aborted, it failed", () => {
    const rules = { exitOnFailure: false, untilComplete: true };
    const running = runStateFromDetail(passedOnly);
    expect(verdictOf(running, rules)).toEqual({ _tag: "watching" });
    const completed = applyRunEvent(running, statusChanged(3, summary(running.run.counts, "completed")));
    expect(completed.run.status).toBe("completed");
    expect(verdictOf(completed, rules)).toEqual({ _tag: "done" });
    expect(verdictOf(completed, watching)).toEqual({ _tag: "watching" });

    const blocked = runStateFromDetail(withBlocked);
    const completedBlocked = applyRunEvent(blocked, statusChanged(3, summary(blocked.run.counts, "completed")));
    expect(verdictOf(completedBlocked, rules)).toEqual({
      _tag: "failed",
      reason: 'run "Firmware 2.4" completed with 0 failed and 1 blocked result',
    });
    const aborted = applyRunEvent(running, statusChanged(3, summary(running.run.counts, "aborted")));
    expect(verdictOf(aborted, rules)).toEqual({ _tag: "failed", reason: 'run "Firmware 2.4" was aborted' });
  });
});

describe("the lab's watch state (--all)", () => {
  const counts = countsOf([item("a", "untested")]);
  const active = summary(counts, "running", "r-active", "Active", t0);
  const old = summary(counts, "completed", "r-old", "Old", t0 - 3 * 86_400_000);
  const gone = summary(counts, "running", "r-gone", "Gone", t0 - minute);

  it("lists active runs first, newest first", () => {
    const newer = summary(counts, "planned", "r-new", "Newer", t0 + minute);
    expect(labRuns(labStateFromList([old, active, newer])).map((r) => r.id)).toEqual(["r-new", "r-active", "r-old"]);
  });

  it("a snapshot keeps finished runs it leaves out and drops active ones it does not list", () => {
    const state = labStateFromList([active, old, gone]);
    const event: TypedEvent = {
      seq: 4,
      type: "snapshot",
      testRunId: "*",
      data: { runs: [{ ...detail([item("a", "passed")]), id: "r-active", name: "Active" }] },
      timestamp: iso(t0),
    };
    const next = applyLabEvent(state, event);
    expect([...next.runs.keys()].sort()).toEqual(["r-active", "r-old"]);
    expect(next.runs.get("r-active")?.counts.passed).toBe(1);
  });

  it("follows counts, new runs, status changes and deletions", () => {
    let state = labStateFromList([active]);
    const passed = { ...item("a", "passed"), runId: "r-active" };
    state = applyLabEvent(state, itemUpdated(1, passed, countsOf([passed])));
    expect(state.runs.get("r-active")?.counts.passed).toBe(1);
    state = applyLabEvent(state, {
      seq: 2,
      type: "run_created",
      testRunId: "r-2",
      data: { run: { ...detail([]), id: "r-2", name: "Second" } },
      timestamp: iso(t0),
    });
    expect(state.runs.get("r-2")?.name).toBe("Second");
    state = applyLabEvent(
      state,
      statusChanged(3, { ...summary(countsOf([passed]), "completed", "r-active", "Active") }),
    );
    expect(state.runs.get("r-active")?.status).toBe("completed");
    state = applyLabEvent(state, {
      seq: 4,
      type: "run_deleted",
      testRunId: "r-2",
      data: { id: "r-2" },
      timestamp: iso(t0),
    });
    expect(state.runs.has("r-2")).toBe(false);
    // A replayed event changes nothing.
    expect(applyLabEvent(state, itemUpdated(1, passed, countsOf([item("a", "untested")])))).toBe(state);
  });
});
