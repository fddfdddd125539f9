import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRotate, planGrid, tileSize } from "../../../../../renderer/src/features/board/grid-layout.ts";

/** Float arithmetic may land a hair under a bound; a millionth of a pixel is no overflow. */
const epsilon = 1e-6;

describe("planGrid", () => {
  it("splits 12 runs on a screen of 6 tiles into 2 pages of 6 (3 × 2)", () => {
    const layout = planGrid({ width: 1_920, height: 1_000, count: 12, unit: 1 });
    expect(layout).toMatchObject({ cols: 3, rows: 2, perPage: 6, pages: 2 });
  });

  it("balances pages: 7 runs on a screen of 6 are 4 + 3, not 6 + 1", () => {
    const layout = planGrid({ width: 1_920, height: 1_000, count: 7, unit: 1 });
    expect(layout.pages).toBe(2);
    expect(layout.perPage).toBe(4);
    expect(layout.cols * layout.rows).toBeGreaterThanOrEqual(4);
  });

  it("gives one run the whole screen, scaled up at most 1.8×", () => {
    const layout = planGrid({ width: 1_920, height: 1_000, count: 1, unit: 1 });
    expect(layout).toMatchObject({
      cols: 1,
      rows: 1,
      perPage: 1,
      pages: 1,
      tileWidth: 1_920,
      tileHeight: 1_000,
      density: "roomy",
    });
    expect(layout.scale).toBeGreaterThan(1);
    expect(layout.scale).toBeLessThanOrEqual(1.8);
  });

  it("plans the same grid at 4K as at 1080p (board units scale)", () => {
    const hd = planGrid({ width: 1_920, height: 1_000, count: 9, unit: 1 });
    const uhd = planGrid({ width: 3_840, height: 2_000, count: 9, unit: 2 });
    expect([uhd.cols, uhd.rows, uhd.pages, uhd.density]).toEqual([hd.cols, hd.rows, hd.pages, hd.density]);
    expect(uhd.tileWidth).toBeCloseTo(hd.tileWidth * 2);
  });

  it("stacks tiles on a portrait wall", () => {
    const layout = planGrid({ width: 1_080, height: 1_840, count: 8, unit: 1 });
    expect(layout.cols).toBe(1);
    expect(layout.rows).toBeGreaterThan(1);
    expect(layout.tileHeight).toBeGreaterThanOrEqual(tileSize.height.compact);
  });

  it("has one empty page for no runs", () => {
    expect(planGrid({ width: 1_920, height: 1_000, count: 0, unit: 1 })).toMatchObject({ pages: 1, perPage: 0 });
  });

  it("never scrolls and never shrinks a tile below its minimum, on any wall that fits one tile", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0.5, 1, 1.5, 2, 4), fc.double({ min: 0.25, max: 4, noNaN: true })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(300),
        (unit, widthShare, heightShare, count) => {
          const minW = tileSize.minWidth * unit;
          const minH = tileSize.height.compact * unit;
          const width = minW + widthShare * 8 * minW;
          const height = minH + heightShare * 8 * minH;
          const layout = planGrid({ width, height, count, unit });
          const gap = tileSize.gap * unit;
          // Every run is on some page, and no page is empty.
          expect(layout.cols * layout.rows).toBeGreaterThanOrEqual(layout.perPage);
          expect(layout.perPage * layout.pages).toBeGreaterThanOrEqual(count);
          if (count > 0) expect((layout.pages - 1) * layout.perPage).toBeLessThan(count);
          // The grid fits the area: no scrolling.
          expect(layout.cols * layout.tileWidth + (layout.cols - 1) * gap).toBeLessThanOrEqual(width + epsilon);
          expect(layout.rows * layout.tileHeight + (layout.rows - 1) * gap).toBeLessThanOrEqual(height + epsilon);
          // Tiles stay readable.
          expect(layout.tileWidth).toBeGreaterThanOrEqual(minW - epsilon);
          expect(layout.tileHeight).toBeGreaterThanOrEqual(minH - epsilon);
          expect(layout.scale).toBeGreaterThanOrEqual(1);
          expect(layout.scale).toBeLessThanOrEqual(1.8);
          // One page when everything fits on one.
          const fitsOnOne =
            Math.floor((width + gap) / (minW + gap)) * Math.floor((height + gap) / (minH + gap)) >= count;
          if (fitsOnOne) expect(layout.pages).toBe(1);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("falls back to a unit of 1 for a unit of 0", () => {
    expect(planGrid({ width: 1_920, height: 1_000, count: 6, unit: 0 })).toEqual(
      planGrid({ width: 1_920, height: 1_000, count: 6, unit: 1 }),
    );
  });
});

describe("parseRotate", () => {
  it("reads seconds, minutes and milliseconds; plain numbers are seconds", () => {
    expect(parseRotate("20s")).toBe(20_000);
    expect(parseRotate("20")).toBe(20_000);
    expect(parseRotate("1m")).toBe(60_000);
    expect(parseRotate("1.5m")).toBe(90_000);
    expect(parseRotate("4500ms")).toBe(4_500);
    expect(parseRotate(" 30S ")).toBe(30_000);
  });

  it("turns rotation off for off and for zero in any unit", () => {
    for (const value of ["off", "OFF", "0", "0s", "0ms", "0m", "0.0s"]) expect(parseRotate(value), value).toBe(0);
  });

  it("never turns pages faster than every 3 s", () => {
    expect(parseRotate("1s")).toBe(3_000);
    expect(parseRotate("100ms")).toBe(3_000);
  });

  it("is null when absent or not a duration", () => {
    for (const value of [null, "", "  ", "fast", "-5", "5h", "1e3", "s"])
      expect(parseRotate(value), String(value)).toBeNull();
  });
});
