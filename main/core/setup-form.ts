import type { DisplaySummary, SetupForm } from "../../preload/bridge-api.ts";
import { assignBoards, type DisplayInfo, rememberBoard } from "./display-assignment.ts";
import { normalizeHostUrl } from "./host-url.ts";
import type { Settings } from "./settings.ts";

/** The setup window's view of the settings (the PIN is never read back into the form). */
export const formFromSettings = (settings: Settings, displays: ReadonlyArray<DisplayInfo>, now: number): SetupForm => ({
  mode: settings.mode,
  labName: settings.labName,
  port: settings.port,
  hostUrl: settings.hostUrl ?? "",
  readToken: settings.readToken ?? "",
  pin: "",
  kiosk: settings.kiosk,
  launchAtLogin: settings.launchAtLogin,
  keepAwake: settings.power.keepAwake,
  schedule: settings.power.schedule,
  dailyReload: settings.dailyReload,
  boards: assignBoards(displays, settings.displays, settings.defaultBoard, now).assignments.map(
    ({ display, board }) => ({
      displayId: display.id,
      board,
    }),
  ),
});

export const displaySummaries = (
  settings: Settings,
  displays: ReadonlyArray<DisplayInfo>,
  now: number,
): ReadonlyArray<DisplaySummary> =>
  assignBoards(displays, settings.displays, settings.defaultBoard, now).assignments.map(({ display, board }) => ({
    id: display.id,
    label: display.label,
    ...display.bounds,
    primary: display.primary,
    board,
  }));

export type ApplyResult =
  | { readonly ok: true; readonly settings: Settings }
  | { readonly ok: false; readonly errors: ReadonlyArray<string> };

/** Merges a decoded form into the settings; boards are remembered for the displays attached now. */
export const applySetupForm = (
  settings: Settings,
  form: SetupForm,
  displays: ReadonlyArray<DisplayInfo>,
  now: number,
): ApplyResult => {
  const hostUrl = form.hostUrl.trim() === "" ? null : (normalizeHostUrl(form.hostUrl) ?? undefined);
  if (hostUrl === undefined)
    return { ok: false, errors: ["The host address must look like http://192.168.1.20:4310."] };
  if (form.mode === "display" && hostUrl === null)
    return { ok: false, errors: ["Display mode needs the address of the lab PC that hosts the boards."] };
  let remembered = assignBoards(displays, settings.displays, settings.defaultBoard, now).remembered;
  for (const { displayId, board } of form.boards) {
    const display = displays.find((d) => d.id === displayId);
    if (display !== undefined) remembered = rememberBoard(remembered, display, board, now);
  }
  return {
    ok: true,
    settings: {
      ...settings,
      setupComplete: true,
      mode: form.mode,
      labName: form.labName.trim(),
      port: form.port,
      hostUrl,
      readToken: form.readToken === "" ? null : form.readToken,
      kiosk: form.kiosk,
      launchAtLogin: form.launchAtLogin,
      power: { keepAwake: form.keepAwake, schedule: form.schedule },
      dailyReload: form.dailyReload,
      displays: remembered,
    },
  };
};

/** Does a change need the board source (server or host address) to be set up again? */
export const needsNewBoardSource = (before: Settings, after: Settings): boolean =>
  before.mode !== after.mode ||
  (after.mode === "host"
    ? before.port !== after.port
    : before.hostUrl !== after.hostUrl || before.readToken !== after.readToken);
