import { app } from "electron";
import { registerAppScheme } from "./shell/app-protocol.ts";
import { runDesktopShell } from "./shell/desktop-shell.ts";

// The lifecycle only; what happens lives in shell/ (Electron) and core/ (decisions, tested under Node).
if (!app.requestSingleInstanceLock()) {
  // Another copy already runs (and owns the port and the database): it shows its set-up window.
  app.quit();
} else {
  registerAppScheme();
  // The lab server keeps serving testers with every window closed; quitting is in the tray.
  app.on("window-all-closed", () => {});
  app
    .whenReady()
    .then(runDesktopShell)
    .catch((error: unknown) => {
      process.stderr.write(
        `medi-test: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      app.exit(1);
    });
}
