import { join } from "node:path";
import { type Config, defaultConfig, type LabServer, type StartOptions, startLabServer } from "../../server/index.ts";
import { type LoadedSettings, loadSettingsFile } from "./settings-file.ts";
import type { Settings } from "./settings.ts";
import {
  makeServerSupervisor,
  type ServerSupervisor,
  type StartOutcome,
  type SupervisorState,
} from "./server-lifecycle.ts";

/** Where the desktop app keeps the lab's data inside Electron's userData folder. */
export const dataDirIn = (userDataDir: string): string => join(userDataDir, "data");

export interface ListenOverride {
  readonly host: string;
  readonly port: number;
}

/** The embedded server's configuration: the headless defaults, the data dir and port from the settings. */
export const labServerConfig = (settings: Settings, userDataDir: string, listen?: ListenOverride): Config => ({
  ...defaultConfig,
  dataDir: dataDirIn(userDataDir),
  host: listen?.host ?? "0.0.0.0",
  port: listen?.port ?? settings.port,
  labName: settings.labName.slice(0, 100),
  allowedHosts: settings.allowedHosts,
  logLevel: "warn",
});

export interface BoardSourceOptions {
  readonly userDataDir: string;
  /** Tests listen on loopback and an ephemeral port; the app uses 0.0.0.0 and the settings' port. */
  readonly listen?: ListenOverride;
  readonly serverOptions?: StartOptions;
  readonly onServerState?: (state: SupervisorState, server: LabServer | undefined) => void;
  readonly log?: (message: string) => void;
}

/** Where the boards come from: the embedded server (host mode) or another PC's (display mode). */
export type BoardSource =
  | {
      readonly mode: "host";
      readonly supervisor: ServerSupervisor<LabServer>;
      readonly firstStart: StartOutcome<LabServer>;
      /** The origin kiosk windows load from (loopback: a wall on this PC never depends on the LAN). */
      readonly baseUrl: string;
    }
  | { readonly mode: "display"; readonly baseUrl: string | undefined };

/** Starts the board source the settings ask for; a host whose first start fails keeps retrying. */
export const startBoardSource = async (settings: Settings, options: BoardSourceOptions): Promise<BoardSource> => {
  if (settings.mode === "display") return { mode: "display", baseUrl: settings.hostUrl ?? undefined };
  const config = labServerConfig(settings, options.userDataDir, options.listen);
  const supervisor = makeServerSupervisor<LabServer>({
    start: async () => {
      const server = await startLabServer(config, options.serverOptions);
      for (const warning of server.warnings) options.log?.(`warning: ${warning}`);
      return server;
    },
    ...(options.onServerState === undefined ? {} : { onState: options.onServerState }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const firstStart = await supervisor.start();
  const baseUrl = firstStart.ok ? firstStart.server.localUrl : `http://127.0.0.1:${config.port}`;
  return { mode: "host", supervisor, firstStart, baseUrl };
};

export interface DesktopStartup {
  readonly loaded: LoadedSettings;
  /** First start, or settings that had to fall back to defaults: the setup window comes first. */
  readonly needsSetup: boolean;
  /** Undefined while setup is pending. */
  readonly source: BoardSource | undefined;
}

export interface DesktopStartupOptions extends BoardSourceOptions {
  readonly now?: () => number;
}

/**
 * The desktop app's start-up, without Electron: read the settings from userData, then start the
 * embedded server (host mode) or point at the host (display mode). main/ calls exactly this.
 */
export const startDesktop = async (options: DesktopStartupOptions): Promise<DesktopStartup> => {
  const now = options.now ?? Date.now;
  const loaded = loadSettingsFile(options.userDataDir, now());
  const needsSetup =
    !loaded.settings.setupComplete || (loaded.settings.mode === "display" && loaded.settings.hostUrl === null);
  if (needsSetup) return { loaded, needsSetup, source: undefined };
  return { loaded, needsSetup, source: await startBoardSource(loaded.settings, options) };
};
