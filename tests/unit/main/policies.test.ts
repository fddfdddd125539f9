import { describe, expect, it } from "vitest";
import { appOrigin, resolveAppFile, setupPageUrl } from "../../../main/core/app-files.ts";
import { appPaths } from "../../../main/core/app-paths.ts";
import { boardPath, boardUrl } from "../../../main/core/board-choice.ts";
import { normalizeHostUrl, originOf } from "../../../main/core/host-url.ts";
import { isIpcAllowed } from "../../../main/core/ipc-access.ts";
import {
  isExternalOpenAllowed,
  isNavigationAllowed,
  withContentSecurityPolicy,
} from "../../../main/core/navigation-policy.ts";
import { bridgeChannels } from "../../../preload/bridge-api.ts";

describe("board URLs", () => {
  it("one per kind of board, ids escaped", () => {
    expect(boardPath({ kind: "all" })).toBe("/board");
    expect(boardPath({ kind: "runs", runIds: ["01A", "01B"] })).toBe("/board?runs=01A,01B");
    expect(boardPath({ kind: "run", runId: "01RUN" })).toBe("/board/01RUN");
    expect(boardPath({ kind: "none" })).toBeUndefined();
    expect(boardUrl("http://192.168.1.20:4310", { kind: "run", runId: "01RUN" })).toBe(
      "http://192.168.1.20:4310/board/01RUN",
    );
  });

  it("carry a display's read token in the address, where the boards read it", () => {
    expect(boardUrl("http://192.168.1.20:4310", { kind: "all" }, "mt_AbC-123_xyz")).toBe(
      "http://192.168.1.20:4310/board?access_token=mt_AbC-123_xyz",
    );
    expect(boardUrl("http://lab:4310", { kind: "runs", runIds: ["01A", "01B"] }, "a+b/c=d&e")).toBe(
      "http://lab:4310/board?runs=01A,01B&access_token=a%2Bb%2Fc%3Dd%26e",
    );
    expect(boardUrl("http://lab:4310", { kind: "none" }, "mt_AbC-123_xyz")).toBeUndefined();
  });
});

describe("host addresses (display mode)", () => {
  it("accepts an http(s) origin, with or without the scheme", () => {
    expect(normalizeHostUrl("192.168.1.20:4310")).toBe("http://192.168.1.20:4310");
    expect(normalizeHostUrl(" http://lab-pc.local:4310/ ")).toBe("http://lab-pc.local:4310");
    expect(normalizeHostUrl("https://lab.example")).toBe("https://lab.example");
    expect(normalizeHostUrl("http://[fe80::1]:4310")).toBe("http://[fe80::1]:4310");
  });

  it("refuses other schemes, credentials, paths and junk", () => {
    for (const bad of [
      "file:///etc/passwd",
      "javascript:alert(1)",
      "ftp://lab",
      "http://user:pw@lab:4310",
      "http://lab:4310/board",
      "http://lab?x=1",
      "",
      "x".repeat(400),
      "http://",
    ]) {
      expect(normalizeHostUrl(bad), bad).toBeUndefined();
    }
  });

  it("gives the app's own scheme the origin Chromium gives it", () => {
    expect(originOf(setupPageUrl)).toBe(appOrigin);
    expect(originOf("http://127.0.0.1:4310/board?runs=a")).toBe("http://127.0.0.1:4310");
    expect(originOf("file:///tmp/x.html")).toBeUndefined();
    expect(originOf("data:text/html,hi")).toBeUndefined();
    expect(originOf("not a url")).toBeUndefined();
  });
});

describe("navigation lock", () => {
  const allowed = ["http://127.0.0.1:4310"];

  it("allows the server origin only", () => {
    expect(isNavigationAllowed("http://127.0.0.1:4310/board/01RUN", allowed)).toBe(true);
    expect(isNavigationAllowed("http://127.0.0.1:4311/board", allowed)).toBe(false);
    expect(isNavigationAllowed("https://127.0.0.1:4310/board", allowed)).toBe(false);
    expect(isNavigationAllowed("https://example.com/", allowed)).toBe(false);
    expect(isNavigationAllowed("file:///etc/passwd", allowed)).toBe(false);
    expect(isNavigationAllowed("javascript:alert(1)", allowed)).toBe(false);
    expect(isNavigationAllowed("http://127.0.0.1:4310@evil.example/", allowed)).toBe(false);
    expect(isNavigationAllowed("http://127.0.0.1:4310/", [])).toBe(false);
  });

  it("hands only the server's own pages to the default browser", () => {
    const origins = ["http://127.0.0.1:4310", "http://192.168.1.20:4310"];
    expect(isExternalOpenAllowed("http://192.168.1.20:4310/", origins)).toBe(true);
    expect(isExternalOpenAllowed("http://evil.example/", origins)).toBe(false);
    expect(isExternalOpenAllowed("file:///etc/passwd", origins)).toBe(false);
    expect(isExternalOpenAllowed("http://user:pw@192.168.1.20:4310/", origins)).toBe(false);
  });

  it("adds a CSP to an HTML answer without one, and leaves a server's own alone", () => {
    const policy = "default-src 'self'";
    expect(
      withContentSecurityPolicy({ "Content-Type": ["text/html; charset=utf-8"] }, policy)["Content-Security-Policy"],
    ).toEqual([policy]);
    const own = withContentSecurityPolicy(
      { "content-type": ["text/html"], "content-security-policy": ["default-src 'none'"] },
      policy,
    );
    expect(own).toEqual({ "content-type": ["text/html"], "content-security-policy": ["default-src 'none'"] });
    expect(withContentSecurityPolicy({ "content-type": ["text/event-stream"] }, policy)).toEqual({
      "content-type": ["text/event-stream"],
    });
  });
});

describe("the app's own pages (medi-test://app)", () => {
  const root = "/opt/medi-test/out/renderer";

  it("serves files of the renderer build with their types", () => {
    expect(resolveAppFile(root, "medi-test://app/setup.html")).toEqual({
      path: `${root}/setup.html`,
      contentType: "text/html; charset=utf-8",
    });
    expect(resolveAppFile(root, "medi-test://app/assets/setup-abc.js?v=1")?.contentType).toMatch(/javascript/);
    expect(resolveAppFile(root, "medi-test://app/")?.path).toBe(`${root}/setup.html`);
  });

  it("never leaves the build folder, whatever the encoding", () => {
    for (const bad of [
      "medi-test://app/assets/%2e%2e%2f%2e%2e%2fsecret.js",
      "medi-test://app/..%5c..%5csecret.js",
      "medi-test://app/a%00.js",
      "medi-test://app/%E0%A4%A",
      "medi-test://app/../../etc/passwd",
      "medi-test://other/setup.html",
      "http://app/setup.html",
      "medi-test://app/setup.exe",
    ]) {
      expect(resolveAppFile(root, bad), bad).toBeUndefined();
    }
    // The URL parser itself folds a plain "../" at the root; what is left stays inside.
    expect(resolveAppFile(root, "medi-test://app/../../outside.js")?.path).toBe(`${root}/outside.js`);
    expect(resolveAppFile(root, "medi-test://app/%2e%2e/%2e%2e/outside.js")?.path).toBe(`${root}/outside.js`);
  });
});

describe("IPC access", () => {
  const origins = { setup: [appOrigin], boards: ["http://127.0.0.1:4310"] };
  const setupWindow = { isSetupWindow: true, isKioskWindow: false, frameUrl: setupPageUrl };
  const board = { isSetupWindow: false, isKioskWindow: true, frameUrl: "http://127.0.0.1:4310/board" };

  it("setup channels only from the setup window at the app origin", () => {
    expect(isIpcAllowed(bridgeChannels.saveSetup, setupWindow, origins)).toBe(true);
    expect(isIpcAllowed(bridgeChannels.setupState, board, origins)).toBe(false);
    expect(isIpcAllowed(bridgeChannels.saveSetup, { ...setupWindow, frameUrl: "https://evil.example/" }, origins)).toBe(
      false,
    );
    expect(isIpcAllowed(bridgeChannels.setupState, { ...board, isSetupWindow: true }, origins)).toBe(false);
  });

  it("read-only channels also from a kiosk window at the board origin", () => {
    expect(isIpcAllowed(bridgeChannels.appInfo, board, origins)).toBe(true);
    expect(isIpcAllowed(bridgeChannels.displays, setupWindow, origins)).toBe(true);
    expect(isIpcAllowed(bridgeChannels.appInfo, { ...board, frameUrl: "http://192.168.9.9:4310/" }, origins)).toBe(
      false,
    );
    expect(isIpcAllowed(bridgeChannels.appInfo, { ...board, isKioskWindow: false }, origins)).toBe(false);
    expect(isIpcAllowed(bridgeChannels.appInfo, { ...board, frameUrl: undefined }, origins)).toBe(false);
  });

  it("unknown channels never", () => {
    expect(isIpcAllowed("medi-test:shell-exec", setupWindow, origins)).toBe(false);
    expect(isIpcAllowed("__proto__", setupWindow, origins)).toBe(false);
  });
});

describe("where things are", () => {
  it("from out/ in the source tree, beside the archive when packaged", () => {
    expect(appPaths({ packaged: false, resourcesPath: "/ignored", mainDir: "/src/medi-test/out/main" })).toEqual({
      preload: "/src/medi-test/out/preload/index.cjs",
      rendererDir: "/src/medi-test/out/renderer",
      iconsDir: "/src/medi-test/resources/icons",
      migrationsDir: undefined,
    });
    expect(
      appPaths({
        packaged: true,
        resourcesPath: "/opt/medi-test/resources",
        mainDir: "/opt/medi-test/resources/app.asar/out/main",
      }),
    ).toEqual({
      preload: "/opt/medi-test/resources/app.asar/out/preload/index.cjs",
      rendererDir: "/opt/medi-test/resources/app.asar/out/renderer",
      iconsDir: "/opt/medi-test/resources/icons",
      migrationsDir: "/opt/medi-test/resources/migrations",
    });
  });
});
