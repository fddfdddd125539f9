import { describe, expect, it } from "vitest";
import { countStatuses } from "../../../../server/domain/run-counts.ts";
import type { ItemStatus } from "../../../../server/domain/test-item.ts";
import type { RunStatus } from "../../../../server/domain/test-run.ts";
import { startsRun, withCounts, withStatus } from "../../../../server/domain/write-model/run-rules.ts";
import { aRun, deepFrozen, earlier, now } from "../../../support/write-model-states.ts";

describe("withStatus", () => {
  it("changes the status, the update time and the version, and nothing else about the run", () => {
    const run = deepFrozen(
      aRun({ status: "running", startedAt: earlier, version: 7, counts: countStatuses(["passed"]), nextPosition: 1 }),
    );
    expect(withStatus(run, "paused", now)).toEqual({ ...run, status: "paused", updatedAt: now, version: 8 });
  });

  it("starts a run aborted before it ever started when it is reopened", () => {
    const run = aRun({ status: "aborted", completedAt: earlier });
    expect(withStatus(run, "running", now)).toMatchObject({ startedAt: now, completedAt: null });
  });

  it("keeps a paused run's completedAt as it was (none)", () => {
    const run = aRun({ status: "running", startedAt: earlier });
    expect(withStatus(run, "paused", now)).toMatchObject({ startedAt: earlier, completedAt: null });
  });
});

describe("startsRun: the first result starts a planned run", () => {
  it.each<[RunStatus, ReadonlyArray<ItemStatus | undefined>, boolean]>([
    ["planned", [], false],
    ["planned", [undefined], false],
    ["planned", ["untested"], false],
    ["planned", [undefined, "untested", "untested"], false],
    ["planned", ["passed"], true],
    ["planned", ["failed"], true],
    ["planned", ["blocked"], true],
    ["planned", ["skipped"], true],
    ["planned", ["retest"], true],
    ["planned", ["untested", undefined, "failed"], true],
    ["running", ["passed"], false],
    ["paused", ["failed"], false],
    ["completed", ["passed"], false],
    ["aborted", ["retest"], false],
  ])("a %s run with results %j: %s", (status, statuses, starts) => {
    expect(startsRun(aRun({ status }), statuses)).toBe(starts);
  });
});

describe("withCounts", () => {
  it("sets the counts and the update time, and is not a new version", () => {
    const run = deepFrozen(aRun({ status: "running", startedAt: earlier, version: 4 }));
    const counts = countStatuses(["passed", "failed", "untested"]);
    expect(withCounts(run, counts, now)).toEqual({ ...run, counts, updatedAt: now, version: 4 });
  });
});
