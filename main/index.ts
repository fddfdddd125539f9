import { app, BrowserWindow } from "electron";
import { join } from "node:path";
import { defaultConfig } from "../server/config.ts";
import { startLabServer } from "../server/start-server.ts";

// Minimal host: start the embedded lab server and show its board. The full shell (kiosk per
// display, setup window, tray, crash recovery) is built on top of this entry.
const start = async (): Promise<void> => {
  await app.whenReady();
  const server = await startLabServer({ ...defaultConfig, dataDir: join(app.getPath("userData"), "data") });
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    webPreferences: {
      preload: join(import.meta.dirname, "../preload/index.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  });
  window.webContents.setWindowOpenHandler(() => ({ action: "deny" }));
  await window.loadURL(`${server.localUrl}/`);
  app.on("before-quit", () => {
    void server.close();
  });
};

void start();
