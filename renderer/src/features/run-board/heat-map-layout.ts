/**
 * The largest square cell that lets every section of a run fit the heat-map area without
 * scrolling. Sections stack; each starts a new row of cells under its heading.
 */
export interface HeatMapGeometry {
  readonly width: number;
  readonly height: number;
  readonly sectionSizes: ReadonlyArray<number>;
  /** Height of a section heading plus the space around a section, px. */
  readonly sectionChrome: number;
  readonly gap: number;
  readonly maxCell: number;
  readonly minCell: number;
}

export const heatMapCellSize = ({
  width,
  height,
  sectionSizes,
  sectionChrome,
  gap,
  maxCell,
  minCell,
}: HeatMapGeometry): number => {
  if (width <= 0 || height <= 0) return minCell;
  for (let cell = maxCell; cell > minCell; cell--) {
    const cols = Math.floor((width + gap) / (cell + gap));
    // Not even one cell of this size across: it would stick out of a narrow area.
    if (cols < 1) continue;
    let needed = 0;
    for (const size of sectionSizes) needed += sectionChrome + Math.ceil(size / cols) * (cell + gap);
    if (needed <= height) return cell;
  }
  return minCell;
};
