/**
 * Picks the wall grid: as many tiles per page as fit at their minimum size, pages balanced
 * (12 runs on a 6-tile screen → 2 pages of 6, not 10 + 2), and the column count that gives the
 * largest tiles of a readable shape.
 */

export type Density = "compact" | "normal" | "roomy";

export interface GridInput {
  readonly width: number;
  readonly height: number;
  readonly count: number;
  /** Board unit in px (1 at 1080p, 2 at 2160p). */
  readonly unit: number;
}

export interface GridLayout {
  readonly cols: number;
  readonly rows: number;
  readonly perPage: number;
  readonly pages: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
  readonly density: Density;
  /** Extra scale for the tile's text when tiles are much larger than the minimum. */
  readonly scale: number;
}

/** Tile sizes in board units. Heights follow what each density shows (failures listed: 1 / 2 / 3). */
export const tileSize = {
  minWidth: 540,
  gap: 16,
  height: { compact: 350, normal: 384, roomy: 418 } satisfies Record<Density, number>,
  /** Preferred width : height of a tile. */
  aspect: 1.5,
} as const;

const densityFor = (tileHeightUnits: number): Density => {
  if (tileHeightUnits >= tileSize.height.roomy) return "roomy";
  if (tileHeightUnits >= tileSize.height.normal) return "normal";
  return "compact";
};

export const planGrid = ({ width, height, count, unit }: GridInput): GridLayout => {
  const u = unit > 0 ? unit : 1;
  const gap = tileSize.gap * u;
  const minW = tileSize.minWidth * u;
  const minH = tileSize.height.compact * u;
  const maxCols = Math.max(1, Math.floor((width + gap) / (minW + gap)));
  const maxRows = Math.max(1, Math.floor((height + gap) / (minH + gap)));
  const capacity = maxCols * maxRows;
  const pages = count === 0 ? 1 : Math.ceil(count / capacity);
  const perPage = count === 0 ? 0 : Math.ceil(count / pages);

  let best: { cols: number; rows: number; score: number; empty: number } | null = null;
  for (let cols = 1; cols <= Math.min(Math.max(perPage, 1), maxCols); cols++) {
    const rows = Math.max(1, Math.ceil(perPage / cols));
    if (rows > maxRows) continue;
    const tileW = (width - (cols - 1) * gap) / cols;
    const tileH = (height - (rows - 1) * gap) / rows;
    // The largest tile of the preferred shape that fits this cell.
    const score = Math.min(tileW, tileH * tileSize.aspect);
    const empty = cols * rows - perPage;
    if (best === null || score > best.score + 0.5 || (Math.abs(score - best.score) <= 0.5 && empty < best.empty)) {
      best = { cols, rows, score, empty };
    }
  }
  const cols = best?.cols ?? 1;
  const rows = best?.rows ?? 1;
  const tileWidth = Math.max(0, (width - (cols - 1) * gap) / cols);
  const tileHeight = Math.max(0, (height - (rows - 1) * gap) / rows);
  const density = densityFor(tileHeight / u);
  const scale = Math.max(
    1,
    Math.min(1.8, tileWidth / u / (tileSize.minWidth * 1.15), tileHeight / u / (tileSize.height[density] * 1.1)),
  );
  return { cols, rows, perPage, pages, tileWidth, tileHeight, density, scale };
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
