import { boardUrl } from "./board-choice.ts";
import { assignBoards, type DisplayInfo, type RememberedDisplay, type WindowSpec } from "./display-assignment.ts";
import type { Settings } from "./settings.ts";

export interface KioskPlan {
  /** One window per display whose board is not "none". */
  readonly windows: ReadonlyArray<WindowSpec>;
  readonly remembered: ReadonlyArray<RememberedDisplay>;
}

/** Which URL each attached display's kiosk window loads, from the remembered choices. */
export const planKioskWindows = (
  displays: ReadonlyArray<DisplayInfo>,
  settings: Settings,
  baseUrl: string,
  now: number,
): KioskPlan => {
  const { assignments, remembered } = assignBoards(displays, settings.displays, settings.defaultBoard, now);
  const windows = assignments.flatMap(({ display, board }): WindowSpec[] => {
    const url = boardUrl(baseUrl, board, settings.mode === "display" ? settings.readToken : null);
    return url === undefined ? [] : [{ displayId: display.id, url, bounds: display.bounds }];
  });
  return { windows, remembered };
};
