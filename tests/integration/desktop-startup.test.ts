import type { Browser } from "playwright-core";
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DesktopController, makeDesktopController } from "../../main/core/desktop-controller.ts";
import type { DisplayInfo } from "../../main/core/display-assignment.ts";
import { saveSettingsFile } from "../../main/core/settings-file.ts";
import { defaultSettings } from "../../main/core/settings.ts";
import { makeTempDir, removeDir } from "../support/lab-server.ts";
import { makeDesktopStandIn } from "../unit/main/support/desktop-stand-in.ts";

/**
 * The desktop app's start-up exactly as main/ runs it (makeDesktopController → startDesktop: the
 * settings from userData, the embedded server, the per-display plan), with only Electron stood in;
 * then Chromium opens the URL a kiosk window would load.
 */

const screens: ReadonlyArray<DisplayInfo> = [
  { id: "1", label: "Operator", bounds: { x: 0, y: 0, width: 1920, height: 1080 }, primary: true },
  { id: "2", label: "Wall", bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, primary: false },
];

let browser: Browser;
let started: Awaited<ReturnType<DesktopController["start"]>>;
const userDataDir = makeTempDir("medi-test-desktop-");
const standIn = makeDesktopStandIn(screens);
const controller = makeDesktopController({
  userDataDir,
  ports: standIn.ports,
  app: { name: "medi-test", version: "0.1.0", platform: process.platform },
  // The app listens on 0.0.0.0 and the configured port; the test on loopback and a free port.
  listen: { host: "127.0.0.1", port: 0 },
  serverOptions: { logger: false },
});

beforeAll(async () => {
  // A lab PC that was set up before: the operator's screen shows nothing, the wall every run.
  saveSettingsFile(userDataDir, {
    ...defaultSettings,
    setupComplete: true,
    labName: "Lab 3",
    displays: [
      { id: "1", label: "Operator", x: 0, y: 0, width: 1920, height: 1080, board: { kind: "none" }, lastSeen: 1 },
      { id: "2", label: "Wall", x: 1920, y: 0, width: 1920, height: 1080, board: { kind: "all" }, lastSeen: 1 },
    ],
  });
  browser = await chromium.launch({
    executablePath: process.env.MEDI_TEST_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  started = await controller.start();
});

/** Where the embedded server serves the renderer build (the first kiosk window's origin). */
const serverOrigin = (): string => new URL(started.windows[0]?.url ?? "http://127.0.0.1:9").origin;

afterAll(async () => {
  await browser?.close();
  await controller.shutdown();
  removeDir(userDataDir);
});

const createRun = async (origin: string, adminToken: string, name: string): Promise<string> => {
  const response = await fetch(`${origin}/api/test-runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name, items: [{ title: "RX sensitivity ch 11", section: "Radio/Sensitivity" }] }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
};

describe("desktop start-up (host mode)", () => {
  it("starts the embedded server and opens one kiosk window per board screen; Chromium shows that URL live", async () => {
    expect(started.needsSetup).toBe(false);
    expect(standIn.counters.setupShown).toBe(0);
    expect(started.windows).toHaveLength(1);
    const kiosk = started.windows[0];
    if (kiosk === undefined) throw new Error("no kiosk window planned");
    expect(kiosk.displayId).toBe("2");
    expect(kiosk.bounds).toEqual(screens[1]?.bounds);
    const origin = new URL(kiosk.url).origin;
    expect(kiosk.url).toBe(`${origin}/board`);
    expect(standIn.applied.at(-1)?.allowedOrigin).toBe(origin);
    expect(standIn.blockers.size).toBe(1);

    const host = (await controller.setupState()).host;
    if (host === null) throw new Error("the embedded server is not running");
    await createRun(origin, host.adminToken, "Radio regression");

    const served = await fetch(kiosk.url);
    const boardIsBuilt = (served.headers.get("content-type") ?? "").startsWith("text/html");
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const foreignRequests: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(`${origin}/`)) foreignRequests.push(request.url());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });

    if (boardIsBuilt) {
      // The wall board: the run shows, and a run created afterwards arrives live.
      const response = await page.goto(kiosk.url);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
      await page.getByText("Radio regression", { exact: true }).first().waitFor({ timeout: 15_000 });
      await createRun(origin, host.adminToken, "Display EVT");
      await page.getByText("Display EVT", { exact: true }).first().waitFor({ timeout: 5_000 });
      expect(problems).toEqual([]);
    } else {
      // Without a built renderer the server answers /board with its JSON 404; its plain live page at / shows the run.
      expect(served.status).toBe(404);
      expect(((await served.json()) as { error: { code: string } }).error.code).toBe("not_found");
      await page.goto(`${origin}/`);
      await page.getByText("Radio regression", { exact: false }).first().waitFor({ timeout: 15_000 });
    }
    // Nothing is loaded from anywhere but the lab server (labs are often offline).
    expect(foreignRequests).toEqual([]);
    await context.close();
  });
});

/** The preload's bridge, rebuilt in the page on top of one Playwright binding (instead of Electron IPC). */
const bridgeScript = `
  const call = (name, arg) => window.__mediTestCall(name, arg);
  window.mediTest = {
    isDesktop: true,
    getAppInfo: () => call("appInfo"),
    getDisplays: () => call("displays"),
    setup: {
      getState: () => call("setupState"),
      save: (form) => call("saveSetup", form),
      listRuns: () => call("listRuns"),
      openTesterPage: () => call("openTesterPage"),
    },
  };
`;

const answer = (target: DesktopController, name: string, arg: unknown): Promise<unknown> | unknown => {
  if (name === "appInfo") return target.appInfo();
  if (name === "displays") return target.displays();
  if (name === "setupState") return target.setupState();
  if (name === "saveSetup") return target.saveSetup(arg);
  if (name === "listRuns") return target.listRuns();
  if (name === "openTesterPage") return target.openTesterPage();
  throw new Error(`no bridge call ${name}`);
};

describe("first-run set-up page", () => {
  it("takes a fresh install to a running lab: PIN, screens, then addresses, admin token and QR code", async () => {
    // The page comes from the renderer build (here over HTTP from the first lab server, in the app over medi-test://app).
    const pageOrigin = serverOrigin();
    const fresh = makeTempDir("medi-test-first-run-");
    const freshStandIn = makeDesktopStandIn(screens);
    const firstRun = makeDesktopController({
      userDataDir: fresh,
      ports: freshStandIn.ports,
      app: { name: "medi-test", version: "0.1.0", platform: process.platform },
      listen: { host: "127.0.0.1", port: 0 },
      serverOptions: { logger: false },
    });
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: "en-US" });
    try {
      expect((await firstRun.start()).needsSetup).toBe(true);
      expect(freshStandIn.counters.setupShown).toBe(1);
      const page = await context.newPage();
      await page.exposeFunction("__mediTestCall", (name: string, arg: unknown) => answer(firstRun, name, arg));
      await page.addInitScript(bridgeScript);
      await page.goto(`${pageOrigin}/setup.html`);
      await page.getByRole("heading", { name: "medi-test set-up" }).waitFor({ timeout: 10_000 });
      await page.getByText("The lab server is stopped.").waitFor();

      await page.getByLabel("Lab name").fill("Lab 3");
      await page.getByLabel(/New lab PIN/).fill("246810");
      // The operator's screen (screen 1) shows no board; the wall keeps "every active run".
      await page.locator("fieldset.screen").first().locator("select").selectOption("none");
      await page.getByRole("button", { name: "Save and show the boards" }).click();

      await page.getByText("Saved.").waitFor({ timeout: 15_000 });
      const token = readFileSync(join(fresh, "data", "admin-token"), "utf8").trim();
      await page.getByText(token).waitFor();
      await page.getByText("246810").waitFor();
      const qr = page.locator("figure img");
      expect(await qr.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
      expect((await qr.boundingBox())?.width).toBeGreaterThan(100);

      const windows = freshStandIn.windows();
      expect(windows.map((w) => w.displayId)).toEqual(["2"]);
      const served = await fetch(windows[0]?.url ?? "");
      expect(served.status).toBe(200);
    } finally {
      await context.close();
      await firstRun.shutdown();
      removeDir(fresh);
    }
  });

  it("in a plain browser the page says where it belongs instead of failing", async () => {
    const pageOrigin = serverOrigin();
    const context = await browser.newContext({ locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${pageOrigin}/setup.html`);
    await page
      .getByText("このページは medi-test デスクトップアプリ専用です", { exact: false })
      .waitFor({ timeout: 10_000 });
    await page.goto(
      `${pageOrigin}/setup.html?view=waiting&target=${encodeURIComponent("http://192.168.1.20:4310/board")}`,
    );
    await page.getByText("ラボサーバーを待っています").waitFor();
    await page.getByText("http://192.168.1.20:4310/board").waitFor();
    await context.close();
  });
});
