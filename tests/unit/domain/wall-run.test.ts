import { describe, expect, it } from "vitest";
import type { RunCounts } from "../../../server/domain/run-counts.ts";
import type { TestRunSummary } from "../../../server/domain/test-run.ts";
import { newestTesters, recentProgress, spread, wallLimits, wallRunOf } from "../../../server/domain/wall-run.ts";

const counts = (passed: number, failed: number, total: number): RunCounts => ({
  total,
  untested: total - passed - failed,
  passed,
  failed,
  blocked: 0,
  skipped: 0,
  retest: 0,
});

const summary = (c: RunCounts): TestRunSummary => ({
  id: "r",
  name: "Radio",
  description: null,
  labels: {},
  status: "running",
  createdAt: "2026-12-01T10:00:00.000Z",
  startedAt: "2026-12-01T10:00:00.000Z",
  completedAt: null,
  updatedAt: "2026-12-01T10:00:00.000Z",
  version: 1,
  counts: c,
});

describe("wall run: what a wall shows of a run", () => {
  it("counts progress back from the current counts: each slice's point is the counts less what came after it", () => {
    const points = recentProgress(10, 3, [
      { at: 1_000, resultsAfter: 4, failedAfter: 2 },
      { at: 2_000, resultsAfter: 1, failedAfter: 0 },
      { at: 3_000, resultsAfter: 0, failedAfter: 0 },
    ]);
    expect(points).toEqual([
      { at: 1_000, done: 6, failed: 1 },
      { at: 2_000, done: 9, failed: 3 },
      { at: 3_000, done: 10, failed: 3 },
    ]);
  });

  it("never reports negative counts, and keeps at most the point limit, the newest always", () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ at: i, resultsAfter: 39 - i, failedAfter: 0 }));
    const points = recentProgress(5, 0, rows);
    expect(points).toHaveLength(wallLimits.points);
    expect(points[points.length - 1]).toEqual({ at: 39, done: 5, failed: 0 });
    expect(points.every((point) => point.done >= 0 && point.failed >= 0)).toBe(true);
  });

  it.each([
    [0, 12, 0],
    [5, 12, 5],
    [12, 12, 12],
    [100, 12, 12],
  ])("spreads %i points over at most %i (%i kept)", (count, max, kept) => {
    const picked = spread(
      Array.from({ length: count }, (_, i) => i),
      max,
    );
    expect(picked).toHaveLength(kept);
    if (count > 0) expect(picked[picked.length - 1]).toBe(count - 1);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });

  it("lists each tester once, most recent first, at most the limit", () => {
    const testers = newestTesters([
      { name: "Aiko", at: 5 },
      { name: "Ben", at: 9 },
      { name: "Aiko", at: 12 },
      ...Array.from({ length: 10 }, (_, i) => ({ name: `T${i}`, at: i })),
    ]);
    expect(testers[0]).toEqual({ name: "Aiko", at: 12 });
    expect(testers[1]).toEqual({ name: "Ben", at: 9 });
    expect(testers).toHaveLength(wallLimits.testers);
    expect(new Set(testers.map((tester) => tester.name)).size).toBe(testers.length);
  });

  it("assembles the summary: no items, failures cut to the limit, the run's fields kept", () => {
    const failures = Array.from({ length: 8 }, (_, i) => ({
      id: `i${i}`,
      title: `Case ${i}`,
      section: "A",
      at: 100 - i,
      by: "CI",
    }));
    const run = wallRunOf(summary(counts(20, 8, 40)), {
      failures,
      testers: [{ name: "CI", at: 100 }],
      lastActivityAt: 100,
      finished: [],
    });
    expect(run).not.toHaveProperty("items");
    expect(run.failures.map((failure) => failure.id)).toEqual(["i0", "i1", "i2", "i3", "i4"]);
    expect(run.counts.failed).toBe(8);
    expect(run.name).toBe("Radio");
    expect(run.progress).toEqual([]);
    expect(run.lastActivityAt).toBe(100);
  });
});
