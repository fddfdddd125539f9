import { describe, expect, it } from "vitest";
import { labSummary } from "../../../../../renderer/src/features/board/lab-summary.ts";
import { tileModel } from "../../../../../renderer/src/features/board/tile-model.ts";
import { applyEvents, emptyLiveState } from "../../../../../renderer/src/shared/live/live-state.ts";
import { liveEventsOf } from "../../../../../renderer/src/shared/live/wire.ts";
import { baseTime, makeItem, makeRun, received, wire } from "../../support/live-fixtures.ts";

describe("labSummary", () => {
  it("counts runs, failing, blocked and finished ones, overall progress and distinct testers", () => {
    const now = baseTime + 60_000;
    const runs = [
      makeRun("a", [makeItem("1", { status: "failed", updatedBy: "Aiko" }), makeItem("2")]),
      makeRun("b", [makeItem("1", { status: "blocked", updatedBy: "Ken" }), makeItem("2", { status: "passed" })]),
      makeRun("c", [makeItem("1", { status: "passed", updatedBy: "Aiko" })], { status: "completed" }),
      makeRun("d", [makeItem("1"), makeItem("2")]),
    ];
    const state = applyEvents(emptyLiveState, liveEventsOf(received(wire(1, "snapshot", "", { runs }))));
    const models = [...state.runs.values()].map((entry) => tileModel(entry, now, 3));
    expect(labSummary(models)).toEqual({
      runs: 4,
      failing: 1,
      blocked: 1,
      finished: 1,
      done: 4,
      total: 7,
      progress: 4 / 7,
      testers: 2,
    });
    expect(labSummary([])).toMatchObject({ runs: 0, progress: 0 });
  });
});
