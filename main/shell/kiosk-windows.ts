import { BrowserWindow } from "electron";
import { appOrigin } from "../core/app-files.ts";
import type { KioskPort } from "../core/desktop-controller.ts";
import { planWindows, type WindowSpec } from "../core/display-assignment.ts";
import type { OriginRegistry } from "../core/origin-registry.ts";
import { makeRendererRecovery, type RendererRecovery } from "../core/renderer-recovery.ts";
import type { Scheduler } from "../core/scheduler.ts";
import { secureWebPreferences } from "./window-security.ts";

interface Entry {
  readonly window: BrowserWindow;
  spec: WindowSpec;
  readonly recovery: RendererRecovery;
  cursorCss: string | undefined;
}

export interface KioskWindowsOptions {
  readonly preload: string;
  readonly scheduler: Scheduler;
  readonly origins: OriginRegistry;
  readonly log: (message: string) => void;
}

const hideCursor = "html, body, * { cursor: none !important; }";
// Chromium's "navigation aborted" (a newer load replaced this one): not a failure.
const aborted = -3;

/** The page a wall shows while its board cannot be loaded: dark, with what it is waiting for. */
const waitingUrl = (target: string): string =>
  `${appOrigin}/setup.html?view=waiting&target=${encodeURIComponent(target)}`;

/** One kiosk BrowserWindow per display, each kept alive by its own recovery. */
export const makeKioskWindows = (
  options: KioskWindowsOptions,
): KioskPort & {
  readonly isKioskContents: (contentsId: number) => boolean;
  readonly closeAll: () => void;
} => {
  const entries = new Map<string, Entry>();
  let kiosk = true;
  let allowedOrigin = "";

  const load = (entry: Entry): void => {
    entry.window.webContents.loadURL(entry.spec.url).catch((error: unknown) => {
      options.log(`board ${entry.spec.url} did not load: ${error instanceof Error ? error.message : String(error)}`);
    });
  };

  const isBoardPage = (entry: Entry, url: string): boolean => {
    try {
      return new URL(url).origin === new URL(entry.spec.url).origin;
    } catch {
      return false;
    }
  };

  const applyCursor = (entry: Entry): void => {
    const contents = entry.window.webContents;
    if (kiosk && entry.cursorCss === undefined) {
      void contents.insertCSS(hideCursor).then((key) => {
        entry.cursorCss = key;
      });
    } else if (!kiosk && entry.cursorCss !== undefined) {
      void contents.removeInsertedCSS(entry.cursorCss);
      entry.cursorCss = undefined;
    }
  };

  const open = (spec: WindowSpec): void => {
    const window = new BrowserWindow({
      ...spec.bounds,
      show: false,
      title: "medi-test",
      backgroundColor: "#0b0d10",
      autoHideMenuBar: true,
      skipTaskbar: kiosk,
      webPreferences: { ...secureWebPreferences(options.preload), backgroundThrottling: false },
    });
    const contents = window.webContents;
    const recovery = makeRendererRecovery({
      scheduler: options.scheduler,
      act: (action, reason) => {
        const current = entries.get(entry.spec.displayId);
        if (current === undefined || window.isDestroyed()) return;
        options.log(`display ${entry.spec.displayId}: ${action} (${reason})`);
        if (action === "restart") contents.forcefullyCrashRenderer();
        load(current);
      },
    });
    const entry: Entry = { window, spec, recovery, cursorCss: undefined };
    entries.set(spec.displayId, entry);
    options.origins.allow(contents.id, [allowedOrigin]);

    contents.on("render-process-gone", (_event, details) => {
      if (details.reason !== "clean-exit") recovery.gone(details.reason);
    });
    contents.on("unresponsive", () => recovery.unresponsive());
    contents.on("responsive", () => recovery.responsive());
    contents.on("did-fail-load", (_event, code, description, url, isMainFrame) => {
      if (!isMainFrame || code === aborted || !isBoardPage(entry, url)) return;
      recovery.loadFailed(`${description} (${code})`);
      contents.loadURL(waitingUrl(entry.spec.url)).catch(() => options.log("the waiting page did not load"));
    });
    contents.on("did-navigate", (_event, url, httpResponseCode) => {
      if (isBoardPage(entry, url) && httpResponseCode >= 500) recovery.loadFailed(`HTTP ${httpResponseCode}`);
    });
    contents.on("did-finish-load", () => {
      if (isBoardPage(entry, contents.getURL())) recovery.loaded();
      entry.cursorCss = undefined;
      applyCursor(entry);
    });
    window.once("ready-to-show", () => {
      window.setKiosk(kiosk);
      window.show();
    });
    window.on("closed", () => {
      recovery.dispose();
      if (entries.get(spec.displayId) === entry) entries.delete(spec.displayId);
    });
    load(entry);
  };

  return {
    apply: (windows, next) => {
      const kioskChanged = next.kiosk !== kiosk;
      kiosk = next.kiosk;
      allowedOrigin = next.allowedOrigin;
      const plan = planWindows(
        [...entries.values()].map((e) => e.spec),
        windows,
      );
      for (const displayId of plan.close) {
        const entry = entries.get(displayId);
        // Forgotten at once: the screen may come back before the window has finished closing.
        entries.delete(displayId);
        entry?.recovery.dispose();
        entry?.window.close();
      }
      for (const spec of plan.move) {
        const entry = entries.get(spec.displayId);
        if (entry === undefined) continue;
        entry.spec = spec;
        // A kiosk window only moves to another screen once it has left full screen.
        entry.window.setKiosk(false);
        entry.window.setBounds(spec.bounds);
        entry.window.setKiosk(kiosk);
      }
      for (const spec of plan.navigate) {
        const entry = entries.get(spec.displayId);
        if (entry === undefined) continue;
        entry.spec = spec;
        load(entry);
      }
      for (const entry of entries.values()) {
        options.origins.allow(entry.window.webContents.id, [allowedOrigin]);
        if (kioskChanged) {
          entry.window.setKiosk(kiosk);
          entry.window.setSkipTaskbar(kiosk);
          applyCursor(entry);
        }
      }
      for (const spec of plan.open) open(spec);
    },
    retryNow: () => {
      for (const entry of entries.values()) entry.recovery.retryNow();
    },
    reloadAll: () => {
      for (const entry of entries.values()) load(entry);
    },
    isKioskContents: (contentsId) =>
      [...entries.values()].some((e) => !e.window.isDestroyed() && e.window.webContents.id === contentsId),
    closeAll: () => {
      for (const entry of entries.values()) entry.window.destroy();
      entries.clear();
    },
  };
};
