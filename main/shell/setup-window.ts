import { BrowserWindow, screen } from "electron";
import type { OriginRegistry } from "../core/origin-registry.ts";
import { secureWebPreferences } from "./window-security.ts";

export interface SetupWindowOptions {
  readonly preload: string;
  readonly url: string;
  readonly origin: string;
  readonly origins: OriginRegistry;
  readonly icon: string;
  readonly log: (message: string) => void;
}

/** The set-up and addresses window: at most one, on the primary screen, above the boards. */
export const makeSetupWindow = (options: SetupWindowOptions) => {
  let window: BrowserWindow | undefined;
  return {
    show: (): void => {
      if (window !== undefined && !window.isDestroyed()) {
        if (window.isMinimized()) window.restore();
        window.show();
        window.focus();
        return;
      }
      const area = screen.getPrimaryDisplay().workArea;
      const width = Math.min(1000, area.width);
      const height = Math.min(860, area.height);
      const created = new BrowserWindow({
        x: area.x + Math.round((area.width - width) / 2),
        y: area.y + Math.round((area.height - height) / 2),
        width,
        height,
        show: false,
        title: "medi-test — set-up",
        icon: options.icon,
        backgroundColor: "#0b0d10",
        alwaysOnTop: true,
        autoHideMenuBar: true,
        webPreferences: secureWebPreferences(options.preload),
      });
      window = created;
      options.origins.allow(created.webContents.id, [options.origin]);
      created.once("ready-to-show", () => created.show());
      created.on("closed", () => {
        if (window === created) window = undefined;
      });
      created.loadURL(options.url).catch((error: unknown) => {
        options.log(`the set-up page did not load: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
    isSetupContents: (contentsId: number): boolean =>
      window !== undefined && !window.isDestroyed() && window.webContents.id === contentsId,
  };
};
