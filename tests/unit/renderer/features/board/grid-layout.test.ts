import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boardUnit, cellSize, parseRotate, planGrid } from "../../../../../renderer/src/features/board/grid-layout.ts";

/** Float arithmetic may land a hair under a bound; a millionth of a pixel is no overflow. */
const epsilon = 1e-6;

/** The wall's grid area at 1080p: the screen less its header and summary strip. */
const hd = { width: 1_884, height: 910, unit: 1 };

describe("boardUnit", () => {
  it("is 1 px at 1080p, at least 0.75 px (768p), and grows at half the rate above 1080p", () => {
    expect(boardUnit(1_920, 1_080)).toBe(1);
    expect(boardUnit(1_366, 768)).toBe(0.75);
    expect(boardUnit(3_840, 2_160)).toBe(1.5);
    expect(boardUnit(1_080, 1_920)).toBe(1);
    expect(boardUnit(640, 480)).toBe(0.75);
  });
});

describe("planGrid", () => {
  it("shows up to 6 runs as full tiles at 1080p, with the failures that fit", () => {
    const layout = planGrid({ ...hd, count: 6 });
    expect(layout).toMatchObject({ level: "full", cols: 3, rows: 2 });
    expect(layout.capacity).toBeGreaterThanOrEqual(6);
    expect(planGrid({ ...hd, count: 1 })).toMatchObject({ level: "full", cols: 1, rows: 1, density: "roomy" });
  });

  it("turns to compact tiles for 7–12 runs at 1080p, then to one-line rows", () => {
    expect(planGrid({ ...hd, count: 7 }).level).toBe("compact");
    expect(planGrid({ ...hd, count: 12 })).toMatchObject({ level: "compact", cols: 4, rows: 3 });
    expect(planGrid({ ...hd, count: 13 }).level).toBe("row");
  });

  it("fits 40 runs as rows in two columns at 1080p, and about 60 in three before it pages", () => {
    expect(planGrid({ ...hd, count: 40 })).toMatchObject({
      level: "row",
      cols: 2,
      rows: 20,
      capacity: 40,
      leanRows: false,
    });
    const sixty = planGrid({ ...hd, count: 60 });
    // Three columns: the passed count gives way to the name.
    expect(sixty).toMatchObject({ level: "row", cols: 3, leanRows: true });
    expect(sixty.capacity).toBeGreaterThanOrEqual(60);
    const many = planGrid({ ...hd, count: 120 });
    expect(many.capacity).toBeLessThan(120);
    expect(many.capacity).toBeGreaterThanOrEqual(60);
  });

  it("gives a 4K screen more tiles, not bigger ones", () => {
    const uhd = { width: 3_786, height: 1_860, unit: 1.5 };
    const fullHd = planGrid({ ...hd, count: 12 });
    const fullUhd = planGrid({ ...uhd, count: 12 });
    expect(fullHd.level).toBe("compact");
    expect(fullUhd.level).toBe("full");
    expect(planGrid({ ...uhd, count: 200 }).capacity).toBeGreaterThan(planGrid({ ...hd, count: 200 }).capacity);
  });

  it("stacks tiles on a portrait wall", () => {
    const layout = planGrid({ width: 1_044, height: 1_760, count: 4, unit: 1 });
    expect(layout).toMatchObject({ level: "full", cols: 1, rows: 4 });
  });

  it("never scrolls and never shrinks a cell below its level's minimum", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0.75, 1, 1.5), fc.double({ min: 0.75, max: 3, noNaN: true })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(300),
        (unit, widthShare, heightShare, count) => {
          const width = (cellSize.row.width + widthShare * 3_000) * unit;
          const height = (cellSize.full.height + heightShare * 2_000) * unit;
          const layout = planGrid({ width, height, count, unit });
          const min = cellSize[layout.level];
          const gap = (layout.level === "row" ? cellSize.rowGap : cellSize.gap) * unit;
          // Every run is on a page; a page holds what its grid holds.
          expect(layout.cols * layout.rows).toBeGreaterThanOrEqual(Math.min(Math.max(count, 1), layout.capacity));
          if (count <= layout.capacity) expect(layout.capacity).toBeGreaterThanOrEqual(count);
          // The grid fits the area.
          expect(layout.cols * layout.tileWidth + (layout.cols - 1) * cellSize.gap * unit).toBeLessThanOrEqual(
            width + epsilon,
          );
          expect(layout.rows * layout.tileHeight + (layout.rows - 1) * gap).toBeLessThanOrEqual(height + epsilon);
          // Cells stay readable.
          expect(layout.tileWidth).toBeGreaterThanOrEqual(min.width * unit - epsilon);
          expect(layout.tileHeight).toBeGreaterThanOrEqual(min.height * unit - epsilon);
          expect(layout.scale).toBeGreaterThanOrEqual(1);
          expect(layout.scale).toBeLessThanOrEqual(1.6);
          // Never a denser level than needed: full tiles when they all fit.
          const fullCols = Math.floor((width / unit + cellSize.gap) / (cellSize.full.width + cellSize.gap));
          const fullRows = Math.floor((height / unit + cellSize.gap) / (cellSize.full.height + cellSize.gap));
          if (fullCols * fullRows >= Math.max(count, 1)) expect(layout.level).toBe("full");
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
