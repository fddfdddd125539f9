import { describe, expect, it } from "vitest";
import type { RunCounts } from "../../../server/domain/run-counts.ts";
import type { TestRunSummary } from "../../../server/domain/test-run.ts";
import { estimateFinish, spreadKeepingBulk } from "../../../server/domain/progress.ts";
import { newestTesters, recentProgress, wallLimits, wallRunOf } from "../../../server/domain/wall-run.ts";

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
    const picked = spreadKeepingBulk(
      Array.from({ length: count }, (_, i) => ({ i, results: 1 })),
      max,
    ).map((point) => point.i);
    expect(picked).toHaveLength(kept);
    if (count > 0) expect(picked[picked.length - 1]).toBe(count - 1);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
  });

  it("marks a slice that held a bulk import, keeps the mark when thinning, and marks nothing else", () => {
    const points = recentProgress(915, 3, [
      { at: 1_000, resultsAfter: 913, failedAfter: 3 },
      { at: 2_000, resultsAfter: 910, failedAfter: 3, bulkResults: 900 },
      { at: 3_000, resultsAfter: 10, failedAfter: 1 },
      { at: 4_000, resultsAfter: 0, failedAfter: 0 },
    ]);
    expect(points.map((point) => point.results)).toEqual([undefined, 900, undefined, undefined]);
    // 40 rows thinned to 12: the batch's row is left out, its mark goes to the next row kept.
    const rows = Array.from({ length: 40 }, (_, i) => ({
      at: i * 1_000,
      resultsAfter: 39 - i,
      failedAfter: 0,
      ...(i === 4 ? { bulkResults: 500 } : {}),
    }));
    const thinned = recentProgress(540, 0, rows);
    expect(thinned).toHaveLength(wallLimits.points);
    expect(thinned.filter((point) => point.results !== undefined).map((point) => point.results)).toEqual([500]);
  });

  it("gives a wall's first ETA from people's pace, not from a CI batch in its window", () => {
    // 2,000 items: people record one a minute, a CI job imports 900 at once at minute 10.
    const minute = 60_000;
    const times = [5, 6, 7, 10, ...Array.from({ length: 10 }, (_, i) => 11 + i)];
    const results = times.map((at) => (at === 10 ? 900 : 1));
    const rows = times.map((at, i) => ({
      at: at * minute,
      resultsAfter: results.slice(i + 1).reduce((sum, n) => sum + n, 0),
      failedAfter: 0,
      ...(at === 10 ? { bulkResults: 900 } : {}),
    }));
    const done = results.reduce((sum, n) => sum + n, 0);
    const run = counts(done, 0, 2_000);
    const series = recentProgress(done, 0, rows);
    const now = 21 * minute;
    const hoursLeft = (points: typeof series) => ((estimateFinish(run, points, now) ?? now) - now) / 3_600_000;
    // 1,087 left at one a minute: about 18 hours.
    expect(hoursLeft(series)).toBeGreaterThan(15);
    // Without the mark the batch reads as people's pace: under an hour.
    expect(hoursLeft(series.map(({ results: _, ...point }) => point))).toBeLessThan(1);
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
