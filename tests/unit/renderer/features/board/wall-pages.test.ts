import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { wallPages } from "../../../../../renderer/src/features/board/wall-pages.ts";

describe("wallPages", () => {
  it("is one page when everything fits", () => {
    expect(wallPages([1, 2, 3], 3, () => false)).toEqual([[1, 2, 3]]);
    expect(wallPages([], 10, () => false)).toEqual([[]]);
  });

  it("balances pages: 70 runs on a 60-run screen are 35 + 35", () => {
    const pages = wallPages(
      Array.from({ length: 70 }, (_, i) => i),
      60,
      () => false,
    );
    expect(pages.map((page) => page.length)).toEqual([35, 35]);
  });

  it("pins runs with a new failure to the head of every page", () => {
    const runs = Array.from({ length: 25 }, (_, i) => i);
    const pages = wallPages(runs, 10, (n) => n === 17 || n === 3);
    for (const page of pages) expect(page.slice(0, 2)).toEqual([3, 17]);
    expect(pages.every((page) => page.length <= 10)).toBe(true);
  });

  it("shows every run on some page, never more than a page holds, pinned ones on all", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), fc.integer({ min: 1, max: 80 }), (pins, capacity) => {
        const runs = pins.map((_, i) => i);
        const pages = wallPages(runs, capacity, (n) => pins[n] === true);
        const seen = new Set(pages.flat());
        expect(seen.size).toBe(runs.length);
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(Math.max(capacity, 1));
        if (pages.length > 1) {
          const pinnedOnAll = runs.filter((n) => pages.every((page) => page.includes(n)));
          // Up to half a page of pinned runs is on every page.
          const pinned = runs.filter((n) => pins[n] === true);
          expect(pinnedOnAll.length).toBe(Math.min(pinned.length, Math.floor(capacity / 2)));
        }
      }),
    );
  });
});
