import { app } from "electron";
import { setLinuxAutostart } from "../core/linux-autostart.ts";

/** Launch at login: the OS login items on macOS and Windows, an XDG autostart entry on Linux. */
export const applyLaunchAtLogin = (enabled: boolean, log: (message: string) => void): void => {
  // An unpackaged run would register the bare Electron binary; only the installed app registers itself.
  if (!app.isPackaged) return;
  if (process.platform === "linux") {
    const executable = process.env.APPIMAGE ?? process.execPath;
    try {
      setLinuxAutostart(app.getPath("appData"), executable, enabled);
    } catch (error) {
      log(`launch at login could not be set: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  app.setLoginItemSettings({ openAtLogin: enabled });
};
