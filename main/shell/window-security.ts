import { app, type Session } from "electron";
import { originOf } from "../core/host-url.ts";
import { isNavigationAllowed, withContentSecurityPolicy } from "../core/navigation-policy.ts";
import type { OriginRegistry } from "../core/origin-registry.ts";

/** The webPreferences every window gets: isolated, sandboxed, no Node in pages. */
export const secureWebPreferences = (preload: string) => ({
  preload,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
});

/**
 * Every web contents, whenever created: no new windows, no <webview>, navigation only to the
 * origins its window was opened for.
 */
export const hardenAllContents = (origins: OriginRegistry, log: (message: string) => void): void => {
  app.on("web-contents-created", (_event, contents) => {
    contents.setWindowOpenHandler(({ url }) => {
      log(`blocked a new window for ${url}`);
      return { action: "deny" };
    });
    contents.on("will-attach-webview", (event) => event.preventDefault());
    const guard = (event: { readonly url: string; preventDefault: () => void }): void => {
      if (isNavigationAllowed(event.url, origins.allowed(contents.id))) return;
      event.preventDefault();
      log(`blocked navigation to ${event.url}`);
    };
    contents.on("will-navigate", guard);
    contents.on("will-redirect", guard);
    contents.once("destroyed", () => origins.forget(contents.id));
  });
};

/**
 * Pages get no permission (camera, notifications, USB, …), no downloads, and always a CSP — except
 * the `exemptOrigins` (electron-vite's dev server, whose hot reload needs an inline script).
 */
export const hardenSession = (
  session: Session,
  contentSecurityPolicy: string,
  exemptOrigins: ReadonlyArray<string> = [],
): void => {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on("will-download", (event) => event.preventDefault());
  session.webRequest.onHeadersReceived((details, callback) => {
    const origin = originOf(details.url);
    if (origin !== undefined && exemptOrigins.includes(origin)) return callback({});
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders ?? {}, contentSecurityPolicy) });
  });
};
