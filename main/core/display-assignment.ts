import type { BoardChoice } from "./board-choice.ts";

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A screen as the OS reports it (Electron's Display, reduced to plain data). */
export interface DisplayInfo {
  /** Electron's display id as text. Stable on most systems, but some re-number after a re-plug. */
  readonly id: string;
  /** The monitor's name where the OS gives one ("DELL U2720Q"), else "". */
  readonly label: string;
  readonly bounds: Rect;
  readonly primary: boolean;
}

/** What the settings remember per screen, including screens unplugged for now. */
export interface RememberedDisplay {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly board: BoardChoice;
  readonly lastSeen: number;
}

export type MatchedBy = "id" | "label" | "position" | "new";

export interface Assignment {
  readonly display: DisplayInfo;
  readonly board: BoardChoice;
  readonly matchedBy: MatchedBy;
}

export interface AssignmentResult {
  /** One per attached display, left to right, top to bottom. */
  readonly assignments: ReadonlyArray<Assignment>;
  /** The memory to save: attached screens updated, unplugged ones kept (newest first, capped). */
  readonly remembered: ReadonlyArray<RememberedDisplay>;
}

export const maxRememberedDisplays = 32;

const sameSize = (d: DisplayInfo, r: RememberedDisplay) => d.bounds.width === r.width && d.bounds.height === r.height;

/** Passes, strictest first: a remembered screen is matched by its id, else by its name and size, else by where it sits. */
const passes: ReadonlyArray<{
  readonly by: Exclude<MatchedBy, "new">;
  readonly matches: (d: DisplayInfo, r: RememberedDisplay) => boolean;
}> = [
  { by: "id", matches: (d, r) => d.id === r.id },
  { by: "label", matches: (d, r) => d.label !== "" && d.label === r.label && sameSize(d, r) },
  { by: "position", matches: (d, r) => d.bounds.x === r.x && d.bounds.y === r.y && sameSize(d, r) },
];

const distance = (d: DisplayInfo, r: RememberedDisplay) => Math.abs(d.bounds.x - r.x) + Math.abs(d.bounds.y - r.y);

const readingOrder = (a: DisplayInfo, b: DisplayInfo) =>
  a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x || a.id.localeCompare(b.id);

/**
 * Gives every attached display its board: the one it had before (found again even if the OS
 * re-numbered it or the list came in another order), or `defaultBoard` for a screen never seen.
 */
export const assignBoards = (
  displays: ReadonlyArray<DisplayInfo>,
  remembered: ReadonlyArray<RememberedDisplay>,
  defaultBoard: BoardChoice,
  now: number,
): AssignmentResult => {
  const ordered = [...displays].sort(readingOrder);
  const matched = new Map<string, { readonly entry: RememberedDisplay; readonly by: MatchedBy }>();
  const used = new Set<RememberedDisplay>();
  for (const pass of passes) {
    for (const display of ordered) {
      if (matched.has(display.id)) continue;
      // Two identical monitors match by name and size alike: the one nearest the old place wins.
      const entry = remembered
        .filter((r) => !used.has(r) && pass.matches(display, r))
        .sort((a, b) => distance(display, a) - distance(display, b) || b.lastSeen - a.lastSeen)[0];
      if (entry === undefined) continue;
      matched.set(display.id, { entry, by: pass.by });
      used.add(entry);
    }
  }
  const assignments = ordered.map((display): Assignment => {
    const match = matched.get(display.id);
    return { display, board: match?.entry.board ?? defaultBoard, matchedBy: match?.by ?? "new" };
  });
  const attached = assignments.map(
    ({ display, board }): RememberedDisplay => ({
      id: display.id,
      label: display.label,
      x: display.bounds.x,
      y: display.bounds.y,
      width: display.bounds.width,
      height: display.bounds.height,
      board,
      lastSeen: now,
    }),
  );
  const unplugged = remembered
    .filter((r) => !used.has(r) && !attached.some((a) => a.id === r.id))
    .sort((a, b) => b.lastSeen - a.lastSeen);
  return {
    assignments,
    remembered: [...attached, ...unplugged].slice(0, Math.max(maxRememberedDisplays, attached.length)),
  };
};

/** Sets the board of one display in the memory (the setup window's choice). */
export const rememberBoard = (
  remembered: ReadonlyArray<RememberedDisplay>,
  display: DisplayInfo,
  board: BoardChoice,
  now: number,
): ReadonlyArray<RememberedDisplay> =>
  [
    {
      id: display.id,
      label: display.label,
      x: display.bounds.x,
      y: display.bounds.y,
      width: display.bounds.width,
      height: display.bounds.height,
      board,
      lastSeen: now,
    },
    ...remembered.filter((r) => r.id !== display.id),
  ].slice(0, maxRememberedDisplays);

export interface WindowSpec {
  readonly displayId: string;
  readonly url: string;
  readonly bounds: Rect;
}

export interface WindowPlan {
  readonly close: ReadonlyArray<string>;
  readonly open: ReadonlyArray<WindowSpec>;
  /** Same screen and board, new place or size (a re-arranged or re-scaled screen). */
  readonly move: ReadonlyArray<WindowSpec>;
  /** Same screen, another board. */
  readonly navigate: ReadonlyArray<WindowSpec>;
}

const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** What to do to the open kiosk windows so there is exactly one per wanted screen, showing its board. */
export const planWindows = (current: ReadonlyArray<WindowSpec>, wanted: ReadonlyArray<WindowSpec>): WindowPlan => {
  const wantedById = new Map(wanted.map((w) => [w.displayId, w]));
  const currentById = new Map(current.map((c) => [c.displayId, c]));
  return {
    close: current.filter((c) => !wantedById.has(c.displayId)).map((c) => c.displayId),
    open: wanted.filter((w) => !currentById.has(w.displayId)),
    move: wanted.filter((w) => {
      const c = currentById.get(w.displayId);
      return c !== undefined && !sameRect(c.bounds, w.bounds);
    }),
    navigate: wanted.filter((w) => {
      const c = currentById.get(w.displayId);
      return c !== undefined && c.url !== w.url;
    }),
  };
};
