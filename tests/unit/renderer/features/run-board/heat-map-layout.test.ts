import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type HeatMapGeometry,
  type HeatMapLayout,
  type HeatMapSectionSize,
  heatMapLayout,
} from "../../../../../renderer/src/features/run-board/heat-map-layout.ts";

/** The run board's map area at 1920×1080 (board unit 1), as heat-map.tsx sizes it. */
const at1080p: HeatMapGeometry = {
  width: 1_150,
  height: 960,
  sections: [{ items: 10, flagged: 0 }],
  sectionChrome: 44,
  gap: 3,
  laneGap: 24,
  minLaneWidth: 340,
  maxLanes: 4,
  maxCell: 72,
  minCell: 10,
  footer: 44,
};

/** `total` items split over `count` sections of uneven size, `flagged` of them failed or blocked. */
const sectionsOf = (total: number, count: number, flagged = 0): HeatMapSectionSize[] => {
  const weights = Array.from({ length: count }, (_, i) => 1 + (i % 4));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.floor((total * w) / sum));
  sizes[0] = (sizes[0] ?? 0) + total - sizes.reduce((a, b) => a + b, 0);
  return sizes.map((items, i) => ({ items, flagged: Math.min(items, i === 1 ? flagged : 0) }));
};

/**
 * Every lane's height as laid out, and whether every shown cell of every section is either placed
 * once or the section is listed, whole, as not shown.
 */
const check = (geometry: HeatMapGeometry, layout: HeatMapLayout) => {
  const pitch = layout.cell + geometry.gap;
  const heights = new Array<number>(layout.lanes).fill(0);
  const placed = new Array<number>(geometry.sections.length).fill(0);
  for (const piece of layout.pieces) {
    const rows = Math.ceil((piece.to - piece.from) / layout.cols);
    heights[piece.lane] = (heights[piece.lane] ?? 0) + geometry.sectionChrome + rows * pitch;
    expect(piece.from).toBe(placed[piece.section]);
    placed[piece.section] = piece.to;
  }
  for (const section of layout.hidden) {
    // Sections are left out whole, never cut part way.
    expect(placed[section]).toBe(0);
    placed[section] = layout.collapsed.has(section)
      ? (geometry.sections[section]?.flagged ?? 0)
      : (geometry.sections[section]?.items ?? 0);
  }
  // Failures go last: a section with failed or blocked items is left out only after every one without.
  const out = new Set(layout.hidden);
  if (geometry.sections.some((s, i) => s.flagged > 0 && out.has(i)))
    for (const [i, s] of geometry.sections.entries()) if (s.flagged === 0) expect(out.has(i)).toBe(true);
  const shown = geometry.sections.map((s, i) => (layout.collapsed.has(i) ? s.flagged : s.items));
  return { heights, complete: placed.every((n, i) => n === shown[i]) };
};

describe("heatMapLayout", () => {
  it("uses the largest cell when a few items leave room", () => {
    const layout = heatMapLayout(at1080p);
    expect(layout.cell).toBe(72);
    expect(layout.lanes).toBe(1);
    expect(layout.pieces).toEqual([{ section: 0, lane: 0, from: 0, to: 10, continued: false }]);
  });

  it("keeps cells at 10 px or more for 2,000 and 5,000 items at 1920×1080, using the width", () => {
    for (const [total, sections] of [
      [2_000, 8],
      [2_000, 20],
      [5_000, 10],
      [5_000, 12],
    ] as const) {
      const geometry = { ...at1080p, sections: sectionsOf(total, sections, 7) };
      const layout = heatMapLayout(geometry);
      expect(layout.cell).toBeGreaterThanOrEqual(10);
      expect(layout.fits).toBe(true);
      const { heights, complete } = check(geometry, layout);
      expect(complete).toBe(true);
      for (const height of heights) expect(height).toBeLessThanOrEqual(geometry.height);
      // The lanes together take (nearly) the whole width.
      expect(layout.lanes * layout.laneWidth + (layout.lanes - 1) * geometry.laneGap).toBeGreaterThan(
        geometry.width - layout.lanes,
      );
    }
    // 2,000 items in 8 sections: well above the floor.
    expect(heatMapLayout({ ...at1080p, sections: sectionsOf(2_000, 8) }).cell).toBeGreaterThanOrEqual(14);
  });

  it("collapses sections rather than shrink cells below the floor, and a collapsed section keeps its failures", () => {
    // 5,000 items in 60 sections do not fit expanded at 10 px: 60 headings alone need 2,640 px.
    const sections = sectionsOf(5_000, 60).map((s, i) => ({ ...s, flagged: i % 7 === 0 ? 3 : 0 }));
    const geometry = { ...at1080p, sections };
    const layout = heatMapLayout(geometry);
    expect(layout.cell).toBe(10);
    expect(layout.collapsed.size).toBeGreaterThan(0);
    expect(layout.fits).toBe(true);
    const { heights, complete } = check(geometry, layout);
    expect(complete).toBe(true);
    for (const height of heights) expect(height).toBeLessThanOrEqual(geometry.height);
    // Sections with failures collapse last, and then still show every failed or blocked cell.
    const clean = sections.flatMap((s, i) => (s.flagged === 0 ? [i] : []));
    const failing = sections.flatMap((s, i) => (s.flagged > 0 ? [i] : []));
    if (failing.some((i) => layout.collapsed.has(i))) for (const i of clean) expect(layout.collapsed.has(i)).toBe(true);
    for (const i of failing) {
      const placed = layout.pieces.filter((p) => p.section === i).reduce((n, p) => n + p.to - p.from, 0);
      expect(placed).toBe(layout.collapsed.has(i) ? sections[i]?.flagged : sections[i]?.items);
    }
  });

  it("collapses sections under way last among those without failures", () => {
    const sections = Array.from({ length: 40 }, (_, i) => ({
      items: 125,
      flagged: 0,
      done: i % 3 === 0 ? 60 : i % 3 === 1 ? 125 : 0,
    }));
    const layout = heatMapLayout({ ...at1080p, sections });
    expect(layout.collapsed.size).toBeGreaterThan(0);
    const underWay = sections.flatMap((s, i) => (s.done === 60 ? [i] : []));
    const uniform = sections.flatMap((s, i) => (s.done === 60 ? [] : [i]));
    if (underWay.some((i) => layout.collapsed.has(i)))
      for (const i of uniform) expect(layout.collapsed.has(i)).toBe(true);
  });

  it("scales the floor with the screen: 10 px at 1366×768, 20 px at 3840×2160", () => {
    const small = {
      ...at1080p,
      width: 815,
      height: 680,
      sectionChrome: 31,
      gap: 2,
      laneGap: 17,
      minLaneWidth: 242,
      sections: sectionsOf(2_000, 10, 5),
    };
    expect(heatMapLayout(small).cell).toBeGreaterThanOrEqual(10);
    const large = {
      ...at1080p,
      width: 2_300,
      height: 1_920,
      sectionChrome: 88,
      gap: 6,
      laneGap: 48,
      minLaneWidth: 680,
      maxCell: 144,
      minCell: 20,
      sections: sectionsOf(5_000, 10, 5),
    };
    expect(heatMapLayout(large).cell).toBeGreaterThanOrEqual(20);
  });

  it("never drops a section's heading or a failed cell without a word, and failures last, for any run and area", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 3_000 }),
        fc.integer({ min: 200, max: 2_000 }),
        fc.array(
          fc.integer({ min: 0, max: 800 }).chain((items) =>
            // Half the sections clean: the order in which sections are left out shows.
            fc.record({
              items: fc.constant(items),
              flagged: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: items })),
            }),
          ),
          // Up to 160 sections: past about 80 at 1080p even collapsed headings do not all fit.
          { maxLength: 160 },
        ),
        (width, height, sections) => {
          const geometry = { ...at1080p, width, height, sections };
          const layout = heatMapLayout(geometry);
          expect(layout.cell).toBeGreaterThanOrEqual(geometry.minCell);
          expect(layout.cols).toBeGreaterThanOrEqual(1);
          const { heights, complete } = check(geometry, layout);
          expect(complete).toBe(true);
          // Every section's heading is shown, or the footer counts the section as not shown.
          for (const [index] of sections.entries())
            expect(layout.pieces.some((p) => p.section === index) || layout.hidden.includes(index)).toBe(true);
          // Nothing runs past the bottom: a map that does not fit stops above its footer.
          for (const h of heights) expect(h).toBeLessThanOrEqual(layout.fits ? height : height - geometry.footer);
          expect(layout.hidden.length === 0).toBe(layout.fits);
          // Only a layout that fits nothing but collapsed sections leaves anything out.
          if (!layout.fits) expect(layout.collapsed.size).toBe(sections.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("leaves out sections without failures, with a footer, when even collapsed headings do not fit", () => {
    // 2,100 items in 300 sections (a JUnit import of 300 test classes): 300 headings need 13,200 px.
    const sections = Array.from({ length: 300 }, (_, i) => ({ items: 7, flagged: i % 10 === 0 ? 2 : 0, done: 7 }));
    const geometry = { ...at1080p, sections };
    const layout = heatMapLayout(geometry);
    expect(layout.fits).toBe(false);
    expect(layout.collapsed.size).toBe(300);
    const { heights, complete } = check(geometry, layout);
    expect(complete).toBe(true);
    for (const h of heights) expect(h).toBeLessThanOrEqual(geometry.height - geometry.footer);
    // The 30 sections with failures all show, in their own order, and the room left goes to the first clean ones.
    const placed = [...new Set(layout.pieces.map((p) => p.section))];
    const failing = sections.flatMap((s, i) => (s.flagged > 0 ? [i] : []));
    expect(placed.filter((i) => failing.includes(i))).toEqual(failing);
    expect(placed.length).toBeGreaterThan(failing.length);
    expect(layout.hidden).toHaveLength(300 - placed.length);
    // In a quarter of the area, failures are left out too, but only once every clean section is.
    const small = { ...geometry, width: 560, height: 480 };
    const cut = heatMapLayout(small);
    expect(check(small, cut).complete).toBe(true);
    expect(new Set(cut.pieces.map((p) => p.section)).size).toBeLessThan(failing.length);
    expect(cut.pieces.every((p) => failing.includes(p.section))).toBe(true);
  });

  it("lays out nothing expanded before the area is measured", () => {
    const layout = heatMapLayout({ ...at1080p, width: 0, height: 0, sections: sectionsOf(100, 3, 2) });
    expect(layout.cell).toBe(10);
    expect(layout.fits).toBe(false);
  });
});
