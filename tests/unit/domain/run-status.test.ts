import { describe, expect, it } from "vitest";
import { allowedTransitions, canTransition, isActive } from "../../../server/domain/run-status.ts";
import { type RunStatus, RunStatuses } from "../../../server/domain/test-run.ts";

/** Every allowed move between two different statuses; everything else is refused. */
const allowed: ReadonlyArray<readonly [RunStatus, RunStatus]> = [
  ["planned", "running"],
  ["planned", "aborted"],
  ["running", "paused"],
  ["running", "completed"],
  ["running", "aborted"],
  ["paused", "running"],
  ["paused", "completed"],
  ["paused", "aborted"],
  // A finished run may be reopened.
  ["completed", "running"],
  ["aborted", "running"],
];

const pairs = RunStatuses.flatMap((from) => RunStatuses.map((to) => [from, to] as const));

describe("run status transitions", () => {
  it.each(pairs)("%s → %s follows the table", (from, to) => {
    const expected = allowed.some(([a, b]) => a === from && b === to);
    expect(canTransition(from, to)).toBe(expected);
  });

  it("never lists a status as a transition to itself", () => {
    for (const status of RunStatuses) expect(canTransition(status, status)).toBe(false);
  });

  it("a planned run cannot be completed or paused before it starts", () => {
    expect(canTransition("planned", "completed")).toBe(false);
    expect(canTransition("planned", "paused")).toBe(false);
  });

  it("a finished run can only be reopened, not paused or re-finished", () => {
    expect(allowedTransitions("completed")).toEqual(["running"]);
    expect(allowedTransitions("aborted")).toEqual(["running"]);
  });

  it("allowedTransitions agrees with canTransition", () => {
    for (const from of RunStatuses) {
      expect([...allowedTransitions(from)].sort()).toEqual(RunStatuses.filter((to) => canTransition(from, to)).sort());
    }
  });
});

describe("isActive", () => {
  it("is true for planned, running and paused runs and false for finished ones", () => {
    expect(RunStatuses.filter(isActive)).toEqual(["planned", "running", "paused"]);
  });
});
