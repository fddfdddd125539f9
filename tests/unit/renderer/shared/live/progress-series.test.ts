import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendPoint,
  type ProgressPoint,
  seriesFromItems,
  seriesLimits,
  thin,
  thinPoints,
} from "../../../../../renderer/src/shared/live/progress-series.ts";
import type { ItemStatus } from "../../../../../renderer/src/shared/live/wire.ts";
import { allStatuses, baseTime, iso, makeItem, makeRun } from "../../support/live-fixtures.ts";

/** True when `part` is `whole` with some elements left out, order kept. */
const isSubsequence = <T>(part: ReadonlyArray<T>, whole: ReadonlyArray<T>): boolean => {
  let at = 0;
  for (const value of whole) if (at < part.length && part[at] === value) at += 1;
  return at === part.length;
};

describe("thin", () => {
  it("leaves a list within the limit alone", () => {
    const points = [1, 2, 3];
    expect(thin(points, 3)).toBe(points);
  });

  it("drops every other point of the older half and keeps the newer half whole", () => {
    const points = Array.from({ length: 10 }, (_, i) => i);
    expect(thin(points, 8)).toEqual([0, 2, 4, 5, 6, 7, 8, 9]);
  });

  it("never exceeds the limit, keeps the newest point and the order, for any list and limit", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 2_000 }), fc.integer({ min: 1, max: 500 }), (values, max) => {
        const points = values.map((value, index) => ({ index, value }));
        const thinned = thin(points, max);
        expect(thinned.length).toBeLessThanOrEqual(Math.max(max, 0));
        expect(isSubsequence(thinned, points)).toBe(true);
        if (points.length > 0) expect(thinned.at(-1)).toBe(points.at(-1));
        if (points.length <= max) expect(thinned).toBe(points);
      }),
    );
  });

  it("keeps a series appended to one point at a time within the limit", () => {
    let series: ReadonlyArray<number> = [];
    for (let i = 0; i < seriesLimits.series * 5; i++) {
      series = thin([...series, i], seriesLimits.series);
      expect(series.length).toBeLessThanOrEqual(seriesLimits.series);
    }
    expect(series.at(-1)).toBe(seriesLimits.series * 5 - 1);
    // Recent progress keeps its detail.
    expect(series.slice(-10)).toEqual(Array.from({ length: 10 }, (_, i) => seriesLimits.series * 5 - 10 + i));
  });
});

describe("seriesFromItems", () => {
  it("counts each finished item once, at its last update, in time order", () => {
    const items = [
      makeItem("a", { status: "passed", updatedAt: iso(baseTime + 3_000) }),
      makeItem("b", { status: "failed", updatedAt: iso(baseTime + 1_000) }),
      makeItem("c", { status: "untested", updatedAt: iso(baseTime + 2_000) }),
      makeItem("d", { status: "retest", updatedAt: iso(baseTime + 2_500) }),
      makeItem("e", { status: "blocked", updatedAt: iso(baseTime + 4_000) }),
      makeItem("f", { status: "skipped", updatedAt: "not a time" }),
    ];
    const series = seriesFromItems(makeRun("r", items));
    expect(series).toEqual<ReadonlyArray<ProgressPoint>>([
      { seq: 0, at: baseTime + 1_000, done: 1, failed: 1, total: 6, results: 1 },
      { seq: 0, at: baseTime + 3_000, done: 2, failed: 1, total: 6, results: 1 },
      { seq: 0, at: baseTime + 4_000, done: 3, failed: 1, total: 6, results: 1 },
    ]);
  });

  it("makes the items of one bulk import (one shared time) one point carrying all of them", () => {
    const items = [
      makeItem("a", { status: "passed", updatedAt: iso(baseTime + 1_000) }),
      ...Array.from({ length: 5 }, (_, i) =>
        makeItem(`b${i}`, { status: i === 0 ? "failed" : "passed", updatedAt: iso(baseTime + 2_000) }),
      ),
      makeItem("c", { status: "passed", updatedAt: iso(baseTime + 3_000) }),
    ];
    expect(seriesFromItems(makeRun("r", items))).toEqual<ReadonlyArray<ProgressPoint>>([
      { seq: 0, at: baseTime + 1_000, done: 1, failed: 0, total: 7, results: 1 },
      { seq: 0, at: baseTime + 2_000, done: 6, failed: 1, total: 7, results: 5 },
      { seq: 0, at: baseTime + 3_000, done: 7, failed: 1, total: 7, results: 1 },
    ]);
  });

  it("keeps a bulk step bulk when the points are spread out for a large run", () => {
    const people = Array.from({ length: 400 }, (_, i) =>
      makeItem(`p${i}`, { status: "passed", updatedAt: iso(baseTime + i * 1_000) }),
    );
    const bulk = Array.from({ length: 900 }, (_, i) =>
      makeItem(`b${i}`, { status: "passed", updatedAt: iso(baseTime + 200_500) }),
    );
    const series = seriesFromItems(makeRun("r", [...people, ...bulk]));
    expect(series.length).toBeLessThanOrEqual(seriesLimits.seeded);
    const jumps = series.filter((point, i) => point.done - (series[i - 1]?.done ?? 0) >= 900);
    expect(jumps.length).toBe(1);
    expect(jumps[0]?.results ?? 1).toBeGreaterThan(1);
  });

  it("is empty for a run where nothing is finished", () => {
    expect(seriesFromItems(makeRun("r", [makeItem("a")]))).toEqual([]);
  });

  it("rebuilds at most the seeded number of points, rising, ending at the newest item", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom<ItemStatus>(...allStatuses),
            offset: fc.integer({ min: 0, max: 86_400_000 }),
          }),
          { maxLength: 1_000 },
        ),
        (specs) => {
          const items = specs.map((spec, i) =>
            makeItem(`i${i}`, { status: spec.status, updatedAt: iso(baseTime + spec.offset) }),
          );
          const series = seriesFromItems(makeRun("r", items));
          const finished = specs.filter((spec) => spec.status !== "untested" && spec.status !== "retest");
          const times = new Set(finished.map((spec) => spec.offset)).size;
          expect(series.length).toBe(Math.min(times, seriesLimits.seeded));
          for (let i = 1; i < series.length; i++) {
            const [before, after] = [series[i - 1], series[i]];
            expect(after?.at).toBeGreaterThanOrEqual(before?.at ?? 0);
            expect(after?.done).toBeGreaterThan(before?.done ?? 0);
          }
          if (finished.length > 0) {
            expect(series.at(-1)?.done).toBe(finished.length);
            expect(series.at(-1)?.failed).toBe(finished.filter((spec) => spec.status === "failed").length);
            expect(series.at(-1)?.at).toBe(baseTime + Math.max(...finished.map((spec) => spec.offset)));
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("appendPoint", () => {
  const point = (seq: number, done: number, results = 1): ProgressPoint => ({
    seq,
    at: baseTime + seq * 1_000,
    done,
    failed: 0,
    total: 2_000,
    results,
  });

  it("makes the parts of one batch (one seq) one point carrying all their results", () => {
    let series: ReadonlyArray<ProgressPoint> = [point(1, 1), point(2, 2)];
    for (let i = 1; i <= 911; i++) series = appendPoint(series, point(3, 2 + i));
    expect(series).toEqual([point(1, 1), point(2, 2), point(3, 913, 911)]);
  });

  it("leaves out a point that changes nothing", () => {
    expect(appendPoint([point(1, 1)], point(2, 1))).toEqual([point(1, 1)]);
  });
});

describe("thinPoints", () => {
  it("carries a dropped bulk step into the next point kept", () => {
    const series = Array.from({ length: 20 }, (_, i) => ({
      seq: i + 1,
      at: baseTime + i * 1_000,
      done: i === 3 ? 503 : i > 3 ? 500 + i : i,
      failed: 0,
      total: 2_000,
      results: i === 3 ? 500 : 1,
    }));
    const thinned = thinPoints(series, 15);
    expect(thinned.some((p) => p.seq === 4)).toBe(false);
    expect(thinned.find((p) => p.seq === 5)?.results).toBe(501);
    expect(thinned.filter((p) => (p.results ?? 1) > 1)).toHaveLength(1);
  });
});
