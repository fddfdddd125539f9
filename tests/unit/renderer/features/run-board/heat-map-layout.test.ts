import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type HeatMapGeometry,
  heatMapCellSize,
} from "../../../../../renderer/src/features/run-board/heat-map-layout.ts";

const base: HeatMapGeometry = {
  width: 1_000,
  height: 800,
  sectionSizes: [10],
  sectionChrome: 44,
  gap: 3,
  maxCell: 72,
  minCell: 4,
};

/** Height the sections take with this cell size, as the heat-map lays them out. */
const heightFor = (geometry: HeatMapGeometry, cell: number): number => {
  const cols = Math.max(1, Math.floor((geometry.width + geometry.gap) / (cell + geometry.gap)));
  return geometry.sectionSizes.reduce(
    (sum, size) => sum + geometry.sectionChrome + Math.ceil(size / cols) * (cell + geometry.gap),
    0,
  );
};

const fits = (geometry: HeatMapGeometry, cell: number): boolean =>
  cell <= geometry.width && heightFor(geometry, cell) <= geometry.height;

describe("heatMapCellSize", () => {
  it("uses the largest cell when a few items leave room", () => {
    expect(heatMapCellSize(base)).toBe(72);
  });

  it("shrinks the cells until every section fits", () => {
    const geometry = { ...base, sectionSizes: [400, 300, 250] };
    const cell = heatMapCellSize(geometry);
    expect(cell).toBeLessThan(72);
    expect(fits(geometry, cell)).toBe(true);
    expect(fits(geometry, cell + 1)).toBe(false);
  });

  it("gives the smallest cell when nothing fits or there is no area yet", () => {
    expect(heatMapCellSize({ ...base, sectionSizes: [1_000_000] })).toBe(4);
    expect(heatMapCellSize({ ...base, width: 0 })).toBe(4);
    expect(heatMapCellSize({ ...base, height: -1 })).toBe(4);
  });

  it("never makes a cell wider than the area", () => {
    const cell = heatMapCellSize({ ...base, width: 30, height: 2_000, sectionSizes: [3] });
    expect(cell).toBeLessThanOrEqual(30);
  });

  it("is the largest cell that fits without scrolling, for any area and sections", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_000 }),
        fc.integer({ min: 1, max: 2_000 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 5, max: 144 }),
        (width, height, sectionSizes, sectionChrome, gap, maxCell) => {
          const geometry: HeatMapGeometry = { width, height, sectionSizes, sectionChrome, gap, maxCell, minCell: 4 };
          const cell = heatMapCellSize(geometry);
          expect(cell).toBeGreaterThanOrEqual(geometry.minCell);
          expect(cell).toBeLessThanOrEqual(maxCell);
          if (cell > geometry.minCell) {
            expect(fits(geometry, cell)).toBe(true);
            if (cell < maxCell) expect(fits(geometry, cell + 1)).toBe(false);
          } else {
            // Only the smallest cell is left: no larger one fits.
            for (let larger = geometry.minCell + 1; larger <= maxCell; larger++)
              expect(fits(geometry, larger)).toBe(false);
          }
        },
      ),
    );
  });
});
