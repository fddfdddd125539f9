import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SetupForm, SetupState } from "../../../preload/bridge-api.ts";
import { type DesktopController, makeDesktopController } from "../../../main/core/desktop-controller.ts";
import type { DisplayInfo } from "../../../main/core/display-assignment.ts";
import { issueToken } from "../../support/auth-helpers.ts";
import { createRun, makeTempDir, removeDir, startTestLab } from "../../support/lab-server.ts";
import { makeDesktopStandIn } from "./support/desktop-stand-in.ts";

const wall = (id: string, x: number, label: string): DisplayInfo => ({
  id,
  label,
  bounds: { x, y: 0, width: 1920, height: 1080 },
  primary: x === 0,
});
const screens = [wall("101", 0, "Operator"), wall("202", 1920, "Wall left"), wall("303", 3840, "Wall right")];

const hostForm: SetupForm = {
  mode: "host",
  labName: "Lab 3",
  port: 4310,
  allowedHosts: "",
  hostUrl: "",
  readToken: "",
  pin: "482913",
  kiosk: true,
  launchAtLogin: true,
  keepAwake: true,
  schedule: null,
  dailyReload: "04:00",
  boards: [
    { displayId: "101", board: { kind: "none" } },
    { displayId: "202", board: { kind: "all" } },
    { displayId: "303", board: { kind: "all" } },
  ],
};

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const launch = (userDataDir: string, displays = screens) => {
  const standIn = makeDesktopStandIn(displays);
  const controller: DesktopController = makeDesktopController({
    userDataDir,
    ports: standIn.ports,
    app: { name: "medi-test", version: "0.1.0", platform: "linux" },
    listen: { host: "127.0.0.1", port: 0 },
    serverOptions: { logger: false },
  });
  cleanups.push(() => controller.shutdown());
  return { controller, standIn };
};

const saved = async (controller: DesktopController, form: unknown): Promise<SetupState> => {
  const result = await controller.saveSetup(form);
  if (!result.ok) throw new Error(result.errors.join(" "));
  return result.state;
};

const userData = () => {
  const dir = makeTempDir("medi-test-userdata-");
  cleanups.push(() => removeDir(dir));
  return dir;
};

describe("desktop controller (real server, Electron stood in)", () => {
  it("first start shows the set-up; saving it starts the lab server and the boards", async () => {
    const dir = userData();
    const { controller, standIn } = launch(dir);
    const first = await controller.start();
    expect(first).toEqual({ needsSetup: true, windows: [] });
    expect(standIn.counters.setupShown).toBe(1);
    expect(standIn.blockers.size).toBe(0);
    const before = await controller.setupState();
    expect(before).toMatchObject({ firstRun: true, host: null, warnings: [] });
    expect(before.displays.map((d) => d.board.kind)).toEqual(["all", "all", "all"]);

    const state = await saved(controller, hostForm);
    const host = state.host;
    if (host === null) throw new Error("no host info");
    expect(state.server.status).toBe("running");
    expect(host.adminToken).toBe(readFileSync(join(dir, "data", "admin-token"), "utf8").trim());
    expect(host.pin).toBe("482913");
    expect(host.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const origin = new URL(host.testerUrl).origin;

    // Two wall screens get the all-runs board; the operator's screen gets none.
    expect(standIn.windows().map((w) => [w.displayId, w.url])).toEqual([
      ["202", `${origin}/board`],
      ["303", `${origin}/board`],
    ]);
    expect(standIn.applied.at(-1)).toMatchObject({ kiosk: true, allowedOrigin: origin });
    expect(standIn.blockers.size).toBe(1);
    expect(standIn.loginItem).toEqual([true]);

    // The PIN was set on the real server: a tester can sign in with it, not with another.
    const signIn = (pin: string) =>
      fetch(`${origin}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pin, name: "Aiko" }),
      });
    expect((await signIn("482913")).status).toBe(201);
    expect((await signIn("000000")).status).toBe(401);

    await controller.openTesterPage();
    expect(standIn.opened).toEqual([`${origin}/`]);
    expect(JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"))).toMatchObject({
      setupComplete: true,
      labName: "Lab 3",
    });
  });

  it("host mode takes the PC's other network names: writes naming them are accepted, other names refused", async () => {
    const dir = userData();
    const { controller } = launch(dir);
    await controller.start();
    const first = await saved(controller, hostForm);
    const origin = new URL(first.host?.testerUrl ?? "http://127.0.0.1").origin;
    const admin = first.host?.adminToken ?? "";
    // A write that names the server by a DNS name (as a browser does in Host:), over raw HTTP.
    const writeNaming = async (base: string, host: string): Promise<number> => {
      const { request } = await import("node:http");
      const url = new URL(`${base}/api/test-runs`);
      return new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: "POST",
            headers: {
              host: `${host}:${url.port}`,
              authorization: `Bearer ${admin}`,
              "content-type": "application/json",
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify({ name: "Named", items: [{ title: "one" }] }));
      });
    };
    expect(await writeNaming(origin, "qa-lab3.corp.example")).toBe(403);

    const state = await saved(controller, {
      ...hostForm,
      pin: "",
      allowedHosts: "QA-Lab3.corp.example, wall.lab.local.",
    });
    expect(state.form.allowedHosts).toBe("qa-lab3.corp.example, wall.lab.local");
    // The server was started again with the names (its address may have changed with it).
    const again = new URL(state.host?.testerUrl ?? "http://127.0.0.1").origin;
    expect(await writeNaming(again, "qa-lab3.corp.example")).toBe(201);
    expect(await writeNaming(again, "wall.lab.local")).toBe(201);
    expect(await writeNaming(again, "attacker.example")).toBe(403);
    expect(JSON.parse(readFileSync(join(dir, "settings.json"), "utf8")).allowedHosts).toEqual([
      "qa-lab3.corp.example",
      "wall.lab.local",
    ]);
    // A name that is not one: refused with the name in the message, nothing saved.
    const bad = await controller.saveSetup({ ...hostForm, pin: "", allowedHosts: "qa lab!, http://x" });
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.errors.join(" ")).toContain("lab!");
    expect((await controller.setupState()).form.allowedHosts).toBe("qa-lab3.corp.example, wall.lab.local");
  });

  it("the next start goes straight to the boards, each screen with its remembered board, whatever the order", async () => {
    const dir = userData();
    const first = launch(dir);
    await first.controller.start();
    await saved(first.controller, {
      ...hostForm,
      boards: [{ displayId: "303", board: { kind: "run", runId: "01RUNXYZ" } }],
    });
    await first.controller.shutdown();

    const { controller, standIn } = launch(
      dir,
      [screens[2], screens[0], screens[1]].flatMap((s) => (s === undefined ? [] : [s])),
    );
    const started = await controller.start();
    expect(started.needsSetup).toBe(false);
    expect(standIn.counters.setupShown).toBe(0);
    expect(started.windows.map((w) => [w.displayId, new URL(w.url).pathname])).toEqual([
      ["101", "/board"],
      ["202", "/board"],
      ["303", "/board/01RUNXYZ"],
    ]);
  });

  it("screens unplugged and plugged back get their boards back", async () => {
    const dir = userData();
    const { controller, standIn } = launch(dir);
    await controller.start();
    await saved(controller, hostForm);
    standIn.setDisplays([screens[0], screens[2]].flatMap((s) => (s === undefined ? [] : [s])));
    controller.displaysChanged();
    expect(standIn.windows().map((w) => w.displayId)).toEqual(["303"]);
    standIn.setDisplays([screens[0]].flatMap((s) => (s === undefined ? [] : [s])));
    controller.displaysChanged();
    expect(standIn.windows()).toEqual([]);
    // No board on any screen: the screens may sleep.
    expect(standIn.blockers.size).toBe(0);
    standIn.setDisplays(screens);
    controller.displaysChanged();
    expect(standIn.windows().map((w) => w.displayId)).toEqual(["202", "303"]);
    expect(standIn.blockers.size).toBe(1);
  });

  it("refuses a hostile or broken form and changes nothing", async () => {
    const dir = userData();
    const { controller } = launch(dir);
    await controller.start();
    await saved(controller, hostForm);
    const before = readFileSync(join(dir, "settings.json"), "utf8");
    for (const payload of [
      { ...hostForm, port: 22 },
      { ...hostForm, preload: "/tmp/evil.js" },
      { ...hostForm, mode: "display", hostUrl: "file:///etc/passwd" },
      { ...hostForm, boards: [{ displayId: "202", board: { kind: "run", runId: "x/../../api" } }] },
      "host",
      null,
    ]) {
      const result = await controller.saveSetup(payload);
      expect(result.ok, JSON.stringify(payload)).toBe(false);
    }
    expect(readFileSync(join(dir, "settings.json"), "utf8")).toBe(before);
  });

  it("a corrupt settings file: backed up, defaults used, a visible warning and the set-up window", async () => {
    const dir = userData();
    writeFileSync(join(dir, "settings.json"), "{ this is not json");
    const { controller, standIn } = launch(dir);
    const started = await controller.start();
    expect(started.needsSetup).toBe(true);
    expect(standIn.counters.setupShown).toBe(1);
    expect(standIn.warnings).toHaveLength(1);
    expect(standIn.warnings[0]).toMatch(/not valid JSON.*settings\.json\.unreadable-/);
    expect((await controller.setupState()).warnings.join(" ")).toMatch(/not valid JSON/);
    expect(readdirSync(dir).some((f) => f.startsWith("settings.json.unreadable-"))).toBe(true);
    expect(controller.trayModel().warnings).toHaveLength(2);
  });

  it("switching to display mode stops the embedded server and points the boards at the host", async () => {
    const otherHost = await startTestLab();
    cleanups.push(() => otherHost.close());
    await createRun(otherHost, "Radio regression");
    const dir = userData();
    const { controller, standIn } = launch(dir);
    await controller.start();
    const hosting = await saved(controller, hostForm);
    const embedded = new URL(hosting.host?.testerUrl ?? "").origin;

    const state = await saved(controller, { ...hostForm, mode: "display", hostUrl: otherHost.url, pin: "" });
    expect(state.host).toBeNull();
    expect(state.server.status).toBe("remote");
    await expect(fetch(`${embedded}/api/health`)).rejects.toThrow();
    expect(standIn.windows().map((w) => w.url)).toEqual([`${otherHost.url}/board`, `${otherHost.url}/board`]);
    expect(standIn.applied.at(-1)?.allowedOrigin).toBe(otherHost.url);
    expect((await controller.listRuns()).map((r) => r.name)).toEqual(["Radio regression"]);
    expect(controller.appInfo()).toMatchObject({ mode: "display", labName: "Lab 3", kiosk: true });
  });

  it("a display of a host that hides its results opens its boards and lists its runs with the read token", async () => {
    const otherHost = await startTestLab({ requireReadToken: true });
    cleanups.push(() => otherHost.close());
    await createRun(otherHost, "Radio regression");
    const viewer = await issueToken(otherHost, "Wall PC", "viewer");
    const { controller, standIn } = launch(userData());
    await controller.start();

    await saved(controller, { ...hostForm, mode: "display", hostUrl: otherHost.url, pin: "" });
    // Without the token the host refuses: no runs to choose from.
    expect(await controller.listRuns()).toEqual([]);

    await saved(controller, { ...hostForm, mode: "display", hostUrl: otherHost.url, readToken: viewer.token, pin: "" });
    const urls = standIn.windows().map((w) => w.url);
    expect(urls).toEqual([
      `${otherHost.url}/board?access_token=${encodeURIComponent(viewer.token)}`,
      `${otherHost.url}/board?access_token=${encodeURIComponent(viewer.token)}`,
    ]);
    expect((await controller.listRuns()).map((r) => r.name)).toEqual(["Radio regression"]);
    // The wall's stream is served to that token (and refused without it).
    const streamUrl = `${otherHost.url}/api/stream?all=1`;
    expect((await fetch(streamUrl)).status).toBe(401);
    const stream = await fetch(`${streamUrl}&access_token=${encodeURIComponent(viewer.token)}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    expect((await controller.setupState()).form.readToken).toBe(viewer.token);
  });

  it("kiosk on/off is remembered and applied to the windows", async () => {
    const dir = userData();
    const { controller, standIn } = launch(dir);
    await controller.start();
    await saved(controller, hostForm);
    controller.toggleKiosk();
    expect(standIn.applied.at(-1)?.kiosk).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "settings.json"), "utf8"))).toMatchObject({ kiosk: false });
    expect(existsSync(join(dir, "data", "medi-test.sqlite"))).toBe(true);
  });
});
