/**
 * The desktop bridge: the one global (`window.mediTest`) the preload exposes, its IPC channels and
 * the shapes that cross it. Types and constants only, so the preload, main and the setup page can
 * all import it.
 */

export const bridgeChannels = {
  appInfo: "medi-test:app-info",
  displays: "medi-test:displays",
  setupState: "medi-test:setup-state",
  saveSetup: "medi-test:save-setup",
  listRuns: "medi-test:list-runs",
  openTesterPage: "medi-test:open-tester-page",
} as const;

export type BridgeChannel = (typeof bridgeChannels)[keyof typeof bridgeChannels];

/** Channels only the setup window may use (they reveal the admin token or change settings). */
export const setupOnlyChannels: ReadonlyArray<BridgeChannel> = [
  bridgeChannels.setupState,
  bridgeChannels.saveSetup,
  bridgeChannels.listRuns,
  bridgeChannels.openTesterPage,
];

export type DesktopMode = "host" | "display";

export type BoardChoiceData =
  | { readonly kind: "all" }
  | { readonly kind: "runs"; readonly runIds: ReadonlyArray<string> }
  | { readonly kind: "run"; readonly runId: string }
  | { readonly kind: "none" };

export interface AppInfo {
  readonly name: string;
  readonly version: string;
  readonly platform: string;
  readonly mode: DesktopMode;
  readonly labName: string;
  readonly kiosk: boolean;
}

export interface DisplaySummary {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly primary: boolean;
  readonly board: BoardChoiceData;
}

export interface ScheduleData {
  readonly on: string;
  readonly off: string;
  readonly days: ReadonlyArray<0 | 1 | 2 | 3 | 4 | 5 | 6>;
  readonly timeZone?: string;
}

/** What the setup window edits. `pin` empty keeps the current PIN; `hostUrl` is for display mode. */
export interface SetupForm {
  readonly mode: DesktopMode;
  readonly labName: string;
  readonly port: number;
  /** Host mode: extra DNS names of this PC, comma or space separated ("qa-lab3.corp.example"). */
  readonly allowedHosts: string;
  readonly hostUrl: string;
  /** Display mode: the host's viewer token, or empty when the host needs none. */
  readonly readToken: string;
  readonly pin: string;
  readonly kiosk: boolean;
  readonly launchAtLogin: boolean;
  readonly keepAwake: boolean;
  readonly schedule: ScheduleData | null;
  readonly dailyReload: string | null;
  readonly boards: ReadonlyArray<{ readonly displayId: string; readonly board: BoardChoiceData }>;
}

/** What the setup window shows the lab lead once the embedded server runs. */
export interface HostInfoData {
  /** LAN addresses first (what testers type), this PC's loopback last. */
  readonly urls: ReadonlyArray<string>;
  /** The page testers open; also what the QR code holds. */
  readonly testerUrl: string;
  readonly qrDataUrl: string;
  readonly adminToken: string;
  /** The lab PIN as noted in the data dir, if it is noted there. */
  readonly pin: string | undefined;
  readonly dataDir: string;
}

export interface ServerStatus {
  readonly status: "stopped" | "starting" | "running" | "waiting" | "remote";
  /** A sentence for the lab lead, e.g. why the server is not running. */
  readonly message: string;
}

export interface SetupState {
  readonly firstRun: boolean;
  readonly form: SetupForm;
  readonly warnings: ReadonlyArray<string>;
  readonly displays: ReadonlyArray<DisplaySummary>;
  readonly host: HostInfoData | null;
  readonly server: ServerStatus;
  readonly settingsPath: string;
}

export type SaveResult =
  | { readonly ok: true; readonly state: SetupState }
  | { readonly ok: false; readonly errors: ReadonlyArray<string> };

export interface RunChoice {
  readonly id: string;
  readonly name: string;
  readonly status: string;
}

export interface MediTestBridge {
  readonly isDesktop: true;
  readonly getAppInfo: () => Promise<AppInfo>;
  readonly getDisplays: () => Promise<ReadonlyArray<DisplaySummary>>;
  readonly setup: {
    readonly getState: () => Promise<SetupState>;
    readonly save: (form: SetupForm) => Promise<SaveResult>;
    readonly listRuns: () => Promise<ReadonlyArray<RunChoice>>;
    readonly openTesterPage: () => Promise<void>;
  };
}
