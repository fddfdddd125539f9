/**
 * Picks the wall's layout: the densest level it needs and no denser. Runs show as full tiles
 * while they fit, then as compact tiles, then as one-line rows; only when even rows do not fit
 * does the wall page. Pages are balanced (70 runs on a 60-row screen → 2 pages of 35), and the
 * column count gives the largest cells of a readable shape.
 */

/** Full tiles list 1–3 newest failures depending on their height. */
export type Density = "compact" | "normal" | "roomy";

export type WallLevel = "full" | "compact" | "row";

export interface GridInput {
  readonly width: number;
  readonly height: number;
  readonly count: number;
  /** Board unit in px (see `boardUnit`). */
  readonly unit: number;
}

export interface GridLayout {
  readonly level: WallLevel;
  readonly cols: number;
  readonly rows: number;
  /** Cells per page: every run when they fit, else what a page of rows holds (see wall-pages). */
  readonly capacity: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  /** How many failures a full tile lists. */
  readonly density: Density;
  /** Extra scale for the cell's text when cells are much larger than their minimum. */
  readonly scale: number;
  /**
   * Rows too narrow for a name and every count (3 columns at 1080p): the passed count gives way
   * to the name — the bar and the % still show progress, failures and blocks keep their counts.
   */
  readonly leanRows: boolean;
}

/** Minimum cell sizes in board units, per level, and the gap between cells. */
export const cellSize = {
  gap: 16,
  full: { width: 540, height: 350 },
  compact: { width: 430, height: 236 },
  row: { width: 600, height: 40 },
  /** A row narrower than this drops its passed count (`leanRows`). */
  leanRowWidth: 760,
  /** Full-tile heights that make room for 2 and 3 failures. */
  fullHeight: { normal: 384, roomy: 418 },
  /** Preferred width : height of a tile (rows take any width). */
  aspect: 1.5,
  /** Rows are separated by a smaller gap than tiles. */
  rowGap: 3,
} as const;

/**
 * The board unit in px: 1 at 1080p; below that it follows the screen down to 0.75 (so 24-unit
 * text stays ≥ 18 px on a 768p TV); above, it grows at half the rate (1.5 at 2160p), so a 4K
 * screen shows more runs rather than the same runs bigger. The CSS `--u` computes the same.
 */
export const boardUnit = (width: number, height: number): number => {
  const side = Math.min(width, height);
  return Math.max(0.75, Math.min(side / 1080, 0.5 + side / 2160));
};

const fullDensity = (tileHeightUnits: number): Density => {
  if (tileHeightUnits >= cellSize.fullHeight.roomy) return "roomy";
  if (tileHeightUnits >= cellSize.fullHeight.normal) return "normal";
  return "compact";
};

interface Fit {
  readonly cols: number;
  readonly rows: number;
}

/** Columns × rows that hold `count` cells of at least `min` in the area, largest cells first. */
const bestFit = (
  widthU: number,
  heightU: number,
  count: number,
  min: { readonly width: number; readonly height: number },
  gap: number,
  shaped: boolean,
): Fit | null => {
  const maxCols = Math.max(1, Math.floor((widthU + gap) / (min.width + gap)));
  const maxRows = Math.max(1, Math.floor((heightU + gap) / (min.height + gap)));
  if (count > maxCols * maxRows) return null;
  let best: { fit: Fit; score: number; empty: number } | null = null;
  for (let cols = 1; cols <= Math.min(Math.max(count, 1), maxCols); cols++) {
    const rows = Math.max(1, Math.ceil(count / cols));
    if (rows > maxRows) continue;
    const cellW = (widthU - (cols - 1) * gap) / cols;
    const cellH = (heightU - (rows - 1) * gap) / rows;
    // Tiles: the largest tile of the preferred shape. Rows: the fewest columns (longest names).
    const score = shaped ? Math.min(cellW, cellH * cellSize.aspect) : -cols;
    const empty = cols * rows - count;
    if (best === null || score > best.score + 0.5 || (Math.abs(score - best.score) <= 0.5 && empty < best.empty)) {
      best = { fit: { cols, rows }, score, empty };
    }
  }
  return best?.fit ?? null;
};

const scaleFor = (cellW: number, cellH: number, min: { readonly width: number; readonly height: number }) =>
  Math.max(1, Math.min(1.6, cellW / (min.width * 1.15), cellH / (min.height * 1.1)));

export const planGrid = ({ width, height, count, unit }: GridInput): GridLayout => {
  const u = unit > 0 ? unit : 1;
  const widthU = Math.max(0, width / u);
  const heightU = Math.max(0, height / u);
  const n = Math.max(count, 1);

  const layout = (level: WallLevel, fit: Fit, capacity: number): GridLayout => {
    const gap = level === "row" ? cellSize.rowGap : cellSize.gap;
    const min = cellSize[level];
    const cellW = Math.max(0, (widthU - (fit.cols - 1) * cellSize.gap) / fit.cols);
    const cellH = Math.max(0, (heightU - (fit.rows - 1) * gap) / fit.rows);
    // A row never grows taller than it reads well; the rest of the column stays empty.
    const scale = level === "row" ? Math.min(1.3, scaleFor(cellW, cellH, min)) : scaleFor(cellW, cellH, min);
    return {
      level,
      cols: fit.cols,
      rows: fit.rows,
      capacity,
      tileWidth: cellW * u,
      tileHeight: cellH * u,
      density: level === "full" ? fullDensity(cellH) : "compact",
      scale,
      leanRows: level === "row" && cellW < cellSize.leanRowWidth,
    };
  };

  for (const level of ["full", "compact"] as const) {
    const fit = bestFit(widthU, heightU, n, cellSize[level], cellSize.gap, true);
    if (fit !== null) return layout(level, fit, n);
  }
  // Rows: columns side by side, as many rows per column as fit.
  const rowCols = Math.max(1, Math.floor((widthU + cellSize.gap) / (cellSize.row.width + cellSize.gap)));
  const rowsPerCol = Math.max(1, Math.floor((heightU + cellSize.rowGap) / (cellSize.row.height + cellSize.rowGap)));
  const capacity = rowCols * rowsPerCol;
  if (n <= capacity) {
    const fit = bestFit(widthU, heightU, n, cellSize.row, cellSize.rowGap, false) ?? {
      cols: rowCols,
      rows: Math.ceil(n / rowCols),
    };
    return layout("row", fit, n);
  }
  return layout("row", { cols: rowCols, rows: rowsPerCol }, capacity);
};

/** Parses `?rotate=20s` / `1m` / `20` (seconds); null when absent or invalid, 0 for "off" (or a zero duration). */
export const parseRotate = (value: string | null): number | null => {
  if (value === null || value.trim() === "") return null;
  const text = value.trim().toLowerCase();
  if (text === "off" || text === "0") return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text);
  if (match === null) return null;
  const amount = Number(match[1]);
  const unit = match[2] ?? "s";
  const ms = unit === "ms" ? amount : unit === "m" ? amount * 60_000 : amount * 1_000;
  // "0s" means no rotation, as "0" does (not the fastest rotation there is).
  if (ms === 0) return 0;
  return Math.max(3_000, Math.round(ms));
};
