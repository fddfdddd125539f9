import { Exit, Schema } from "effect";
import type {
  AppInfo,
  DisplaySummary,
  RunChoice,
  SaveResult,
  ServerStatus,
  SetupState,
} from "../../preload/bridge-api.ts";
import type { LabServer, StartOptions } from "../../server/index.ts";
import { RunId } from "./board-choice.ts";
import { scheduleDailyReload } from "./daily-reload.ts";
import { type BoardSource, type ListenOverride, startBoardSource, startDesktop } from "./desktop-startup.ts";
import type { DisplayInfo, WindowSpec } from "./display-assignment.ts";
import { changeLabPin, describeHost, testerPageUrl } from "./host-info.ts";
import { originOf } from "./host-url.ts";
import { decodeSetupForm } from "./ipc-payloads.ts";
import { planKioskWindows } from "./kiosk-plan.ts";
import { isExternalOpenAllowed } from "./navigation-policy.ts";
import { makePowerKeeper, type PowerBlocker } from "./power-keeper.ts";
import { type Scheduler, systemScheduler } from "./scheduler.ts";
import type { SupervisorState } from "./server-lifecycle.ts";
import { saveSettingsFile } from "./settings-file.ts";
import type { Settings } from "./settings.ts";
import { applySetupForm, displaySummaries, formFromSettings, needsNewBoardSource } from "./setup-form.ts";

/** The kiosk windows, as the controller drives them (Electron BrowserWindows in the app). */
export interface KioskPort {
  /** Makes the open windows exactly `windows`: opens, closes, moves and re-points them. */
  readonly apply: (
    windows: ReadonlyArray<WindowSpec>,
    options: { readonly kiosk: boolean; readonly allowedOrigin: string },
  ) => void;
  /** Reload now every window that waits to retry (the server is back). */
  readonly retryNow: () => void;
  readonly reloadAll: () => void;
}

/** Everything the controller needs from Electron; the app passes the real thing, tests a stand-in. */
export interface DesktopPorts {
  readonly displays: () => ReadonlyArray<DisplayInfo>;
  readonly kiosk: KioskPort;
  readonly showSetup: () => void;
  readonly powerBlocker: PowerBlocker;
  readonly setLaunchAtLogin: (enabled: boolean) => void;
  readonly openExternal: (url: string) => Promise<void>;
  /** A notice the person at the PC sees (settings fell back to defaults, …). */
  readonly warn: (message: string) => void;
  /** Something the tray shows has changed. */
  readonly changed: () => void;
  readonly log: (message: string) => void;
}

export interface ControllerOptions {
  readonly userDataDir: string;
  readonly ports: DesktopPorts;
  readonly app: { readonly name: string; readonly version: string; readonly platform: string };
  readonly scheduler?: Scheduler;
  readonly listen?: ListenOverride;
  readonly serverOptions?: StartOptions;
}

export interface TrayModel {
  readonly title: string;
  readonly status: string;
  readonly warnings: ReadonlyArray<string>;
  readonly kiosk: boolean;
  readonly launchAtLogin: boolean;
  readonly canOpenTesterPage: boolean;
}

const RunList = Schema.Struct({
  runs: Schema.Array(
    Schema.Struct({
      id: RunId,
      name: Schema.String.check(Schema.isMaxLength(200)),
      status: Schema.String.check(Schema.isMaxLength(20)),
    }),
  ),
});

const clockTime = (instant: number): string => new Date(instant).toTimeString().slice(0, 8);

export const describeServerState = (state: SupervisorState): ServerStatus => {
  switch (state.status) {
    case "running":
      return { status: "running", message: `The lab server is running at ${state.url}.` };
    case "starting":
      return { status: "starting", message: "The lab server is starting…" };
    case "waiting":
      return {
        status: "waiting",
        message: `The lab server could not start: ${state.error}. Next try at ${clockTime(state.retryAt)}.`,
      };
    case "stopped":
      return { status: "stopped", message: "The lab server is stopped." };
  }
};

/**
 * The desktop app's decisions, free of Electron: settings, the board source (embedded server or
 * another host), which window shows what on which screen, power, daily reloads, the setup form.
 */
export const makeDesktopController = (options: ControllerOptions) => {
  const { ports, userDataDir } = options;
  const scheduler = options.scheduler ?? systemScheduler();
  const power = makePowerKeeper(ports.powerBlocker, scheduler);
  let settings: Settings | undefined;
  let settingsPath = "";
  let warnings: ReadonlyArray<string> = [];
  let source: BoardSource | undefined;
  let serverState: SupervisorState = { status: "stopped" };
  let daily: { readonly stop: () => void; readonly at: string | null } | undefined;

  const current = (): Settings => {
    if (settings === undefined) throw new Error("the desktop controller has not started");
    return settings;
  };

  const onServerState = (state: SupervisorState): void => {
    serverState = state;
    if (state.status === "running") ports.kiosk.retryNow();
    ports.changed();
  };

  const sourceOptions = () => ({
    userDataDir,
    onServerState,
    log: ports.log,
    ...(options.listen === undefined ? {} : { listen: options.listen }),
    ...(options.serverOptions === undefined ? {} : { serverOptions: options.serverOptions }),
  });

  const runningServer = (): LabServer | undefined =>
    source?.mode === "host" ? source.supervisor.current() : undefined;

  const save = (next: Settings): void => {
    settings = next;
    settingsPath = saveSettingsFile(userDataDir, next);
  };

  /** Re-plans every kiosk window from the attached displays and the remembered boards. */
  const refreshBoards = (): ReadonlyArray<WindowSpec> => {
    const now = current();
    const baseUrl = source?.baseUrl;
    const origin = baseUrl === undefined ? undefined : originOf(baseUrl);
    if (!now.setupComplete || baseUrl === undefined || origin === undefined) {
      ports.kiosk.apply([], { kiosk: now.kiosk, allowedOrigin: "" });
      power.update(now.power, false);
      return [];
    }
    const plan = planKioskWindows(ports.displays(), now, baseUrl, scheduler.now());
    if (
      JSON.stringify(plan.remembered.map(({ lastSeen: _, ...rest }) => rest)) !==
      JSON.stringify(now.displays.map(({ lastSeen: _, ...rest }) => rest))
    ) {
      save({ ...now, displays: plan.remembered });
    }
    ports.kiosk.apply(plan.windows, { kiosk: now.kiosk, allowedOrigin: origin });
    power.update(now.power, plan.windows.length > 0);
    if (daily?.at !== now.dailyReload) {
      daily?.stop();
      daily = {
        ...scheduleDailyReload(scheduler, now.dailyReload, () => ports.kiosk.reloadAll()),
        at: now.dailyReload,
      };
    }
    return plan.windows;
  };

  const serverStatus = (): ServerStatus => {
    if (source?.mode === "display")
      return { status: "remote", message: `Boards come from ${source.baseUrl ?? "(no host set)"}.` };
    return describeServerState(serverState);
  };

  const setupState = async (): Promise<SetupState> => {
    const now = current();
    const server = runningServer();
    return {
      firstRun: !now.setupComplete,
      form: formFromSettings(now, ports.displays(), scheduler.now()),
      warnings,
      displays: displaySummaries(now, ports.displays(), scheduler.now()),
      host: server === undefined ? null : await describeHost(server),
      server: serverStatus(),
      settingsPath,
    };
  };

  const replaceSource = async (next: Settings): Promise<void> => {
    if (source?.mode === "host") await source.supervisor.stop();
    serverState = { status: "stopped" };
    source = await startBoardSource(next, sourceOptions());
  };

  return {
    /** Start-up: settings, then the board source, then the windows (or the setup window first). */
    start: async (): Promise<{ readonly needsSetup: boolean; readonly windows: ReadonlyArray<WindowSpec> }> => {
      const startup = await startDesktop({ ...sourceOptions(), now: scheduler.now });
      settings = startup.loaded.settings;
      settingsPath = startup.loaded.path;
      source = startup.source;
      if (startup.loaded.problems.length > 0) {
        const kept =
          startup.loaded.backupPath === undefined ? "" : ` The old file was kept as ${startup.loaded.backupPath}.`;
        warnings = [...startup.loaded.problems, `Check the settings.${kept}`];
        ports.warn(warnings.join(" "));
      }
      if (startup.needsSetup) ports.showSetup();
      if (startup.loaded.existed) ports.setLaunchAtLogin(startup.loaded.settings.launchAtLogin);
      const windows = refreshBoards();
      ports.changed();
      return { needsSetup: startup.needsSetup, windows };
    },
    displaysChanged: (): void => {
      if (settings !== undefined) refreshBoards();
    },
    /** After the PC wakes up: windows may have moved, and boards that failed meanwhile retry. */
    resumed: (): void => {
      if (settings === undefined) return;
      refreshBoards();
      ports.kiosk.retryNow();
    },
    setupState,
    saveSetup: async (payload: unknown): Promise<SaveResult> => {
      const decoded = decodeSetupForm(payload);
      if (!decoded.ok) return { ok: false, errors: decoded.errors };
      const before = current();
      const applied = applySetupForm(before, decoded.value, ports.displays(), scheduler.now());
      if (!applied.ok) return applied;
      save(applied.settings);
      warnings = [];
      if (source === undefined || needsNewBoardSource(before, applied.settings)) await replaceSource(applied.settings);
      if (before.launchAtLogin !== applied.settings.launchAtLogin || !before.setupComplete)
        ports.setLaunchAtLogin(applied.settings.launchAtLogin);
      const errors: string[] = [];
      const server = runningServer();
      if (decoded.value.pin !== "" && applied.settings.mode === "host") {
        if (server === undefined)
          errors.push("The settings were saved, but the PIN could not be set: the lab server is not running.");
        else {
          try {
            await changeLabPin(server, decoded.value.pin);
          } catch (error) {
            errors.push(
              `The settings were saved, but the PIN could not be set: ${error instanceof Error ? error.message : String(error)}.`,
            );
          }
        }
      }
      refreshBoards();
      ports.changed();
      return errors.length > 0 ? { ok: false, errors } : { ok: true, state: await setupState() };
    },
    listRuns: async (): Promise<ReadonlyArray<RunChoice>> => {
      const baseUrl = source?.baseUrl;
      if (baseUrl === undefined) return [];
      try {
        const now = current();
        const token = now.mode === "display" ? now.readToken : null;
        const response = await fetch(new URL("/api/test-runs", baseUrl), {
          signal: AbortSignal.timeout(5_000),
          ...(token === null ? {} : { headers: { authorization: `Bearer ${token}` } }),
        });
        if (!response.ok) return [];
        const exit = Schema.decodeUnknownExit(RunList)(await response.json());
        return Exit.isSuccess(exit) ? exit.value.runs.slice(0, 500) : [];
      } catch {
        return [];
      }
    },
    openTesterPage: async (): Promise<void> => {
      const server = runningServer();
      const target = server === undefined ? source?.baseUrl : (await describeHost(server)).testerUrl;
      if (target === undefined) return;
      const url = testerPageUrl(target);
      const origins = [...(server?.urls ?? []), source?.baseUrl ?? ""].flatMap((u) => originOf(u) ?? []);
      if (isExternalOpenAllowed(url, origins)) await ports.openExternal(url);
    },
    toggleKiosk: (): void => {
      save({ ...current(), kiosk: !current().kiosk });
      refreshBoards();
      ports.changed();
    },
    setLaunchAtLogin: (enabled: boolean): void => {
      save({ ...current(), launchAtLogin: enabled });
      ports.setLaunchAtLogin(enabled);
      ports.changed();
    },
    reloadBoards: (): void => ports.kiosk.reloadAll(),
    appInfo: (): AppInfo => ({
      ...options.app,
      mode: settings?.mode ?? "host",
      labName: settings?.labName ?? "",
      kiosk: settings?.kiosk ?? true,
    }),
    displays: (): ReadonlyArray<DisplaySummary> =>
      settings === undefined ? [] : displaySummaries(settings, ports.displays(), scheduler.now()),
    trayModel: (): TrayModel => ({
      title:
        settings?.labName === undefined || settings.labName === "" ? "medi-test" : `medi-test · ${settings.labName}`,
      status: settings?.setupComplete === true ? serverStatus().message : "Waiting for the first set-up.",
      warnings,
      kiosk: settings?.kiosk ?? true,
      launchAtLogin: settings?.launchAtLogin ?? false,
      canOpenTesterPage: source?.baseUrl !== undefined,
    }),
    /** The origin kiosk windows are locked to, when boards show. */
    boardOrigin: (): string | undefined => (source?.baseUrl === undefined ? undefined : originOf(source.baseUrl)),
    shutdown: async (): Promise<void> => {
      daily?.stop();
      power.stop();
      if (source?.mode === "host") await source.supervisor.stop();
    },
  };
};

export type DesktopController = ReturnType<typeof makeDesktopController>;
