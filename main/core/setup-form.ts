import type { DisplaySummary, SetupForm } from "../../preload/bridge-api.ts";
import { assignBoards, type DisplayInfo, rememberBoard } from "./display-assignment.ts";
import { Exit, Schema } from "effect";
import { normalizeHostUrl } from "./host-url.ts";
import { HostName, type Settings } from "./settings.ts";

/** The setup window's view of the settings (the PIN is never read back into the form). */
export const formFromSettings = (settings: Settings, displays: ReadonlyArray<DisplayInfo>, now: number): SetupForm => ({
  mode: settings.mode,
  labName: settings.labName,
  port: settings.port,
  allowedHosts: settings.allowedHosts.join(", "),
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

/**
 * The host names a lab lead typed (comma or space separated, any case, a trailing dot or a port
 * allowed), lower case and each once; the names that are not host names, for the message.
 */
export const parseAllowedHosts = (
  text: string,
): { readonly hosts: ReadonlyArray<string>; readonly bad: ReadonlyArray<string> } => {
  const hosts: string[] = [];
  const bad: string[] = [];
  for (const word of text.split(/[\s,;]+/).filter(Boolean)) {
    const host = word
      .toLowerCase()
      .replace(/:\d{1,5}$/, "")
      .replace(/\.$/, "");
    if (Exit.isSuccess(Schema.decodeUnknownExit(HostName)(host))) {
      if (!hosts.includes(host)) hosts.push(host);
    } else bad.push(word);
  }
  return { hosts, bad };
};

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
  const allowed = parseAllowedHosts(form.allowedHosts);
  if (allowed.bad.length > 0)
    return { ok: false, errors: [`Not a host name: ${allowed.bad.join(", ")} (for example qa-lab3.corp.example).`] };
  if (allowed.hosts.length > 16) return { ok: false, errors: ["At most 16 host names."] };
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
      allowedHosts: allowed.hosts,
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
    ? before.port !== after.port || before.allowedHosts.join(",") !== after.allowedHosts.join(",")
    : before.hostUrl !== after.hostUrl || before.readToken !== after.readToken);
