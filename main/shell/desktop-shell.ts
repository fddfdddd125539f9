import { app, Menu, Notification, powerMonitor, powerSaveBlocker, session, shell } from "electron";
import { join } from "node:path";
import { contentSecurityPolicy } from "../../server/index.ts";
import { appOrigin, setupPageUrl } from "../core/app-files.ts";
import { appPaths } from "../core/app-paths.ts";
import { makeDesktopController } from "../core/desktop-controller.ts";
import { originOf } from "../core/host-url.ts";
import { makeLogFile } from "../core/log-file.ts";
import { makeOriginRegistry } from "../core/origin-registry.ts";
import { systemScheduler } from "../core/scheduler.ts";
import { serveAppFiles } from "./app-protocol.ts";
import { registerBridgeHandlers } from "./bridge-handlers.ts";
import { readDisplays, watchDisplays } from "./displays.ts";
import { makeKioskWindows } from "./kiosk-windows.ts";
import { applyLaunchAtLogin } from "./login-item.ts";
import { makeSetupWindow } from "./setup-window.ts";
import { makeTrayMenu } from "./tray-menu.ts";
import { hardenAllContents, hardenSession } from "./window-security.ts";

const shutdownTimeoutMs = 15_000;

/** Wires Electron to the desktop controller; called once the app is ready. */
export const runDesktopShell = async (): Promise<void> => {
  const paths = appPaths({
    packaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    mainDir: import.meta.dirname,
  });
  const userDataDir = app.getPath("userData");
  const log = makeLogFile(join(userDataDir, "logs", "medi-test.log"), 1024 * 1024, (line) =>
    process.stdout.write(line),
  );
  const scheduler = systemScheduler();
  const origins = makeOriginRegistry();
  // On an unattended wall an error dialog would sit over the boards: log instead, keep running.
  process.on("uncaughtException", (error) => log(`uncaught: ${error.stack ?? error.message}`));
  process.on("unhandledRejection", (reason) =>
    log(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
  );
  app.on("child-process-gone", (_event, details) =>
    log(`${details.type} process gone: ${details.reason} (exit ${details.exitCode})`),
  );

  // electron-vite dev serves the renderer itself; everywhere else the setup page comes from the app scheme.
  const devRenderer = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const setupUrl = devRenderer === undefined ? setupPageUrl : `${devRenderer}/setup.html`;
  const setupOrigin = originOf(setupUrl) ?? appOrigin;

  hardenAllContents(origins, log);
  hardenSession(session.defaultSession, contentSecurityPolicy, devRenderer === undefined ? [] : [setupOrigin]);
  serveAppFiles(paths.rendererDir);
  if (process.platform !== "darwin") Menu.setApplicationMenu(null);
  // Windows shows notifications only for an app with an id (the installer's appId).
  if (process.platform === "win32") app.setAppUserModelId("org.medi-test.desktop");
  const icon = join(paths.iconsDir, "icon.png");

  const kiosk = makeKioskWindows({ preload: paths.preload, scheduler, origins, log });
  const setup = makeSetupWindow({ preload: paths.preload, url: setupUrl, origin: setupOrigin, origins, icon, log });
  let refreshTray = (): void => {};

  const controller = makeDesktopController({
    userDataDir,
    scheduler,
    app: { name: app.getName(), version: app.getVersion(), platform: process.platform },
    serverOptions: {
      logger: { level: "warn" },
      ...(paths.migrationsDir === undefined ? {} : { migrationsDir: paths.migrationsDir }),
    },
    ports: {
      displays: readDisplays,
      kiosk,
      showSetup: () => setup.show(),
      powerBlocker: {
        start: () => powerSaveBlocker.start("prevent-display-sleep"),
        stop: (id) => powerSaveBlocker.stop(id),
      },
      setLaunchAtLogin: (enabled) => applyLaunchAtLogin(enabled, log),
      openExternal: (url) => shell.openExternal(url),
      warn: (message) => {
        log(`warning: ${message}`);
        if (Notification.isSupported()) new Notification({ title: "medi-test", body: message }).show();
      },
      changed: () => refreshTray(),
      log,
    },
  });

  registerBridgeHandlers({
    controller,
    isSetupContents: setup.isSetupContents,
    isKioskContents: kiosk.isKioskContents,
    origins: () => ({ setup: [setupOrigin], boards: [controller.boardOrigin() ?? ""].filter((o) => o !== "") }),
    log,
  });

  let quitting = false;
  app.on("before-quit", (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    log("quitting: closing the boards and the lab server");
    const force = setTimeout(() => app.exit(0), shutdownTimeoutMs);
    void controller
      .shutdown()
      .catch((error: unknown) => log(`shutdown: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        clearTimeout(force);
        kiosk.closeAll();
        app.quit();
      });
  });

  const tray = makeTrayMenu({
    controller,
    iconsDir: paths.iconsDir,
    showSetup: () => setup.show(),
    quit: () => app.quit(),
    platform: process.platform,
  });
  refreshTray = tray.refresh;
  // Starting the app again (or clicking its dock icon) opens the set-up window: the way in where no tray shows.
  app.on("second-instance", () => setup.show());
  app.on("activate", () => setup.show());
  watchDisplays(scheduler, () => controller.displaysChanged());
  powerMonitor.on("resume", () => controller.resumed());

  const started = await controller.start();
  log(started.needsSetup ? "first start: showing the set-up window" : `showing ${started.windows.length} board(s)`);
};
