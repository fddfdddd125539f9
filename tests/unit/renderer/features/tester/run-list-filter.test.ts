import { describe, expect, it } from "vitest";
import {
  countByRunFilter,
  matchesRunQuery,
  matchesRunStatus,
} from "../../../../../renderer/src/features/tester/run-list-filter.ts";
import type { RunStatus, TestRunSummary } from "../../../../../renderer/src/shared/live/wire.ts";

const run = (name: string, status: RunStatus, labels: Record<string, string> = {}): TestRunSummary =>
  ({ id: name, name, status, labels }) as unknown as TestRunSummary;

describe("run list filters", () => {
  it("matches a status, every run, or those still in progress", () => {
    expect(matchesRunStatus("running", "all")).toBe(true);
    expect(matchesRunStatus("paused", "active")).toBe(true);
    expect(matchesRunStatus("planned", "active")).toBe(true);
    expect(matchesRunStatus("completed", "active")).toBe(false);
    expect(matchesRunStatus("aborted", "aborted")).toBe(true);
    expect(matchesRunStatus("aborted", "completed")).toBe(false);
  });

  it("searches names and labels in any case", () => {
    const bench = run("Nightly Bench 12", "running", { build: "2.5", bench: "C" });
    expect(matchesRunQuery(bench, "")).toBe(true);
    expect(matchesRunQuery(bench, "  bench 1 ")).toBe(true);
    expect(matchesRunQuery(bench, "BUILD=2.5")).toBe(true);
    expect(matchesRunQuery(bench, "2.5")).toBe(true);
    expect(matchesRunQuery(bench, "bench 2")).toBe(false);
  });

  it("counts the runs behind each filter button", () => {
    const counts = countByRunFilter([run("a", "planned"), run("b", "running"), run("c", "completed")]);
    expect(counts.get("all")).toBe(3);
    expect(counts.get("active")).toBe(2);
    expect(counts.get("completed")).toBe(1);
    expect(counts.get("aborted")).toBe(0);
  });
});
