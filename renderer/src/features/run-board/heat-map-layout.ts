/**
 * Where a run's heat-map cells go. Sections flow top to bottom through one or more lanes (columns
 * of the map, like a newspaper): a section that does not fit the rest of a lane goes on in the next
 * one under its heading again. The largest cell that lets every section fit wins, never below
 * `minCell`. When even the smallest cell does not fit, sections collapse to their heading and
 * their failed and blocked cells — the least telling first (none failed or blocked, all done or
 * all open, then the largest) — so a failure is never pushed off the screen. When even every
 * section collapsed does not fit (hundreds of sections in a small area, e.g. a JUnit import of
 * hundreds of test classes), whole sections are left out in the same order — those with nothing
 * failed or blocked first — and a last line says what is left out, so nothing is hidden without
 * a word and failures are the last thing to go.
 */

export interface HeatMapSectionSize {
  /** Items in the section. */
  readonly items: number;
  /** Failed and blocked items: a collapsed section still shows these. */
  readonly flagged: number;
  /** Items with a final result (a section all done or all open says it all in its heading). */
  readonly done?: number;
}

export interface HeatMapGeometry {
  readonly width: number;
  readonly height: number;
  readonly sections: ReadonlyArray<HeatMapSectionSize>;
  /** Height of a section heading plus the space around a section, px. */
  readonly sectionChrome: number;
  /** Between cells, px. */
  readonly gap: number;
  /** Between lanes, px. */
  readonly laneGap: number;
  /** A lane narrower than this cannot show a heading with its counts. */
  readonly minLaneWidth: number;
  readonly maxLanes: number;
  readonly maxCell: number;
  readonly minCell: number;
  /** Height kept at the bottom for the "not shown" line when even collapsed sections do not fit, px. */
  readonly footer: number;
}

/** One section's cells (or a run of them) in one lane. */
export interface HeatMapPiece {
  readonly section: number;
  readonly lane: number;
  /** Range of the section's shown cells (all, or only flagged when collapsed): from ≤ i < to. */
  readonly from: number;
  readonly to: number;
  /** Goes on from the lane before. */
  readonly continued: boolean;
}

export interface HeatMapLayout {
  readonly cell: number;
  readonly lanes: number;
  readonly laneWidth: number;
  /** Columns of cells in a lane. */
  readonly cols: number;
  /** Section indexes shown collapsed. */
  readonly collapsed: ReadonlySet<number>;
  readonly pieces: ReadonlyArray<HeatMapPiece>;
  /**
   * False when even every section collapsed does not fit: the pieces then stop above the footer
   * and `hidden` lists the sections left out, in order.
   */
  readonly fits: boolean;
  readonly hidden: ReadonlyArray<number>;
}

interface Flow {
  readonly pieces: ReadonlyArray<HeatMapPiece>;
  readonly fits: boolean;
}

/**
 * Places the shown cells of every section (null: a section left out), lane by lane, and says
 * whether they all fit; when the lanes run out it stops there.
 */
const flow = (
  shown: ReadonlyArray<number | null>,
  lanes: number,
  cols: number,
  pitch: number,
  chrome: number,
  height: number,
): Flow => {
  const pieces: HeatMapPiece[] = [];
  let lane = 0;
  let y = 0;
  for (const [section, count] of shown.entries()) {
    if (count === null) continue;
    let from = 0;
    let continued = false;
    let rowsLeft = Math.ceil(count / cols);
    for (;;) {
      // Room for the heading and at least one row (or the heading alone for a section with none);
      // a section starts in a lane only with room for two rows of it, not a stray row at the bottom.
      const room = Math.floor((height - y - chrome) / pitch);
      const least = y > 0 && !continued ? Math.min(2, rowsLeft) : Math.min(1, rowsLeft);
      if (room < least || height - y < chrome) {
        if (lane + 1 < lanes) {
          lane += 1;
          y = 0;
          continue;
        }
        return { pieces, fits: false };
      }
      const rows = Math.min(room, rowsLeft);
      const to = Math.min(count, from + rows * cols);
      pieces.push({ section, lane, from, to, continued });
      y += chrome + rows * pitch;
      rowsLeft -= rows;
      from = to;
      if (rowsLeft === 0) break;
      continued = true;
    }
  }
  return { pieces, fits: true };
};

const attempt = (geometry: HeatMapGeometry, cell: number, collapsed: ReadonlySet<number>): HeatMapLayout | null => {
  const { width, height, sections, gap, laneGap, minLaneWidth, maxLanes, sectionChrome } = geometry;
  const shown = sections.map((s, index) => (collapsed.has(index) ? s.flagged : s.items));
  for (let lanes = 1; lanes <= Math.max(1, maxLanes); lanes++) {
    const laneWidth = Math.floor((width - (lanes - 1) * laneGap) / lanes);
    if (lanes > 1 && laneWidth < minLaneWidth) break;
    const cols = Math.floor((laneWidth + gap) / (cell + gap));
    // Not even one cell of this size across: it would stick out of a narrow area.
    if (cols < 1) break;
    const result = flow(shown, lanes, cols, cell + gap, sectionChrome, height);
    if (result.fits) return { cell, lanes, laneWidth, cols, collapsed, pieces: result.pieces, fits: true, hidden: [] };
  }
  return null;
};

/** A section all done or all open: its heading's "125/125" or "0/125" tells it whole. */
const uniform = (section: HeatMapSectionSize): boolean =>
  section.done === undefined || section.done === 0 || section.done === section.items;

/**
 * Least telling first: sections with nothing failed or blocked, all done or all open before
 * those under way, then the largest.
 */
const collapseOrder = (sections: ReadonlyArray<HeatMapSectionSize>): ReadonlyArray<number> =>
  sections
    .map((section, index) => ({ section, index }))
    .sort(
      (a, b) =>
        Number(a.section.flagged > 0) - Number(b.section.flagged > 0) ||
        Number(!uniform(a.section)) - Number(!uniform(b.section)) ||
        b.section.items - b.section.flagged - (a.section.items - a.section.flagged) ||
        a.index - b.index,
    )
    .map(({ index }) => index);

/**
 * No area yet, or too many sections even collapsed: everything collapsed in the widest lanes,
 * above the footer, leaving out as few whole sections as fits, least telling first.
 */
const leavingOut = (geometry: HeatMapGeometry): HeatMapLayout => {
  const { width, height, minCell, sections } = geometry;
  const all = new Set(sections.map((_, index) => index));
  const lanes = Math.max(
    1,
    Math.min(geometry.maxLanes, Math.floor((width + geometry.laneGap) / (geometry.minLaneWidth + geometry.laneGap))),
  );
  const laneWidth = Math.max(0, Math.floor((width - (lanes - 1) * geometry.laneGap) / lanes));
  const cols = Math.max(1, Math.floor((laneWidth + geometry.gap) / (minCell + geometry.gap)));
  const order = collapseOrder(sections);
  const flowLeavingOut = (count: number): Flow => {
    const out = new Set(order.slice(0, count));
    const shown = sections.map((s, index) => (out.has(index) ? null : s.flagged));
    return flow(
      shown,
      lanes,
      cols,
      minCell + geometry.gap,
      geometry.sectionChrome,
      Math.max(0, height - geometry.footer),
    );
  };
  // The fewest sections to leave out (binary search: leaving one more out never needs more room).
  let low = 0;
  let high = sections.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (flowLeavingOut(middle).fits) high = middle;
    else low = middle + 1;
  }
  const hidden = order.slice(0, low).sort((a, b) => a - b);
  return {
    cell: minCell,
    lanes,
    laneWidth,
    cols,
    collapsed: all,
    pieces: flowLeavingOut(low).pieces,
    fits: false,
    hidden,
  };
};

export const heatMapLayout = (geometry: HeatMapGeometry): HeatMapLayout => {
  const { width, height, maxCell, minCell, sections } = geometry;
  const none: ReadonlySet<number> = new Set();
  if (width > 0 && height > 0) {
    for (let cell = maxCell; cell >= minCell; cell--) {
      const layout = attempt(geometry, cell, none);
      if (layout !== null) return layout;
    }
    const collapsed = new Set<number>();
    for (const index of collapseOrder(sections)) {
      collapsed.add(index);
      const layout = attempt(geometry, minCell, collapsed);
      if (layout !== null) return layout;
    }
  }
  return leavingOut(geometry);
};
