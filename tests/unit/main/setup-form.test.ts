import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SetupForm } from "../../../preload/bridge-api.ts";
import type { DisplayInfo } from "../../../main/core/display-assignment.ts";
import { decodeSetupForm } from "../../../main/core/ipc-payloads.ts";
import { autostartEntry, setLinuxAutostart } from "../../../main/core/linux-autostart.ts";
import { makeLogFile } from "../../../main/core/log-file.ts";
import { defaultSettings } from "../../../main/core/settings.ts";
import {
  applySetupForm,
  formFromSettings,
  needsNewBoardSource,
  parseAllowedHosts,
} from "../../../main/core/setup-form.ts";

const displays: ReadonlyArray<DisplayInfo> = [
  { id: "1", label: "Built-in", bounds: { x: 0, y: 0, width: 1920, height: 1080 }, primary: true },
  { id: "2", label: "Wall", bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, primary: false },
];

const form: SetupForm = {
  mode: "host",
  labName: " Lab 3 ",
  port: 4310,
  hostUrl: "",
  allowedHosts: "",
  readToken: "",
  pin: "482913",
  kiosk: true,
  launchAtLogin: true,
  keepAwake: true,
  schedule: { on: "07:00", off: "19:00", days: [1, 2, 3, 4, 5] },
  dailyReload: "04:00",
  boards: [
    { displayId: "1", board: { kind: "none" } },
    { displayId: "2", board: { kind: "run", runId: "01RUN" } },
  ],
};

describe("the setup form over IPC", () => {
  it("decodes a valid form", () => {
    expect(decodeSetupForm(form)).toEqual({ ok: true, value: form });
  });

  it("refuses unknown keys, wrong types and out-of-range values, naming the fields", () => {
    const extra = decodeSetupForm({ ...form, nodeIntegration: true });
    expect(extra.ok).toBe(false);
    const bad = decodeSetupForm({ ...form, port: 80, pin: "12ab", dailyReload: "4 am" });
    expect(bad).toEqual({
      ok: false,
      errors: [expect.stringMatching(/port/i), expect.stringMatching(/PIN/), expect.stringMatching(/daily reload/i)],
    });
    for (const payload of [
      null,
      undefined,
      "form",
      42,
      [form],
      { ...form, boards: "all" },
      { ...form, mode: "server" },
    ]) {
      expect(decodeSetupForm(payload).ok).toBe(false);
    }
  });

  it("refuses hostile board choices and huge input", () => {
    expect(
      decodeSetupForm({ ...form, boards: [{ displayId: "2", board: { kind: "run", runId: "../../api/tokens" } }] }).ok,
    ).toBe(false);
    expect(decodeSetupForm({ ...form, labName: "x".repeat(10_000) }).ok).toBe(false);
    expect(decodeSetupForm({ ...form, boards: Array.from({ length: 1_000 }, () => form.boards[0]) }).ok).toBe(false);
    const polluted = JSON.parse(`{"__proto__":{"mode":"display"},${JSON.stringify(form).slice(1)}`) as unknown;
    const decoded = decodeSetupForm(polluted);
    expect(decoded.ok).toBe(false);
    expect(({} as Record<string, unknown>).mode).toBeUndefined();
  });
});

describe("applying the setup form", () => {
  it("completes the set-up, trims, and remembers each screen's board", () => {
    const result = applySetupForm(defaultSettings, form, displays, 5);
    if (!result.ok) throw new Error(result.errors.join());
    expect(result.settings).toMatchObject({
      setupComplete: true,
      labName: "Lab 3",
      launchAtLogin: true,
      power: { keepAwake: true, schedule: form.schedule },
    });
    expect(result.settings.displays.find((d) => d.id === "2")?.board).toEqual({ kind: "run", runId: "01RUN" });
    expect(formFromSettings(result.settings, displays, 6).boards).toEqual([
      { displayId: "1", board: { kind: "none" } },
      { displayId: "2", board: { kind: "run", runId: "01RUN" } },
    ]);
  });

  it("display mode needs a valid host address", () => {
    expect(applySetupForm(defaultSettings, { ...form, mode: "display", hostUrl: "" }, displays, 5).ok).toBe(false);
    expect(
      applySetupForm(defaultSettings, { ...form, mode: "display", hostUrl: "javascript:alert(1)" }, displays, 5).ok,
    ).toBe(false);
    const ok = applySetupForm(defaultSettings, { ...form, mode: "display", hostUrl: "192.168.1.20:4310" }, displays, 5);
    expect(ok.ok && ok.settings.hostUrl).toBe("http://192.168.1.20:4310");
  });

  it("knows when the board source must change", () => {
    const host = { ...defaultSettings, setupComplete: true };
    expect(needsNewBoardSource(host, { ...host, labName: "x", kiosk: false })).toBe(false);
    expect(needsNewBoardSource(host, { ...host, port: 4400 })).toBe(true);
    expect(needsNewBoardSource(host, { ...host, mode: "display", hostUrl: "http://a:1" })).toBe(true);
    const display = { ...host, mode: "display" as const, hostUrl: "http://a:1" };
    expect(needsNewBoardSource(display, { ...display, port: 5000 })).toBe(false);
    expect(needsNewBoardSource(display, { ...display, hostUrl: "http://b:1" })).toBe(true);
    expect(needsNewBoardSource(display, { ...display, readToken: "mt_viewer-token-1" })).toBe(true);
    expect(needsNewBoardSource(host, { ...host, readToken: "mt_viewer-token-1" })).toBe(false);
    // The embedded server takes its allowed host names at start.
    expect(needsNewBoardSource(host, { ...host, allowedHosts: ["qa-lab3.corp.example"] })).toBe(true);
    expect(needsNewBoardSource(display, { ...display, allowedHosts: ["qa-lab3.corp.example"] })).toBe(false);
  });

  it("reads the PC's other names as a lab lead types them, and names what is not a host name", () => {
    expect(parseAllowedHosts(" QA-Lab3.corp.example,wall.lab.local. ; qa-lab3.corp.example:4310\nlabpc ")).toEqual({
      hosts: ["qa-lab3.corp.example", "wall.lab.local", "labpc"],
      bad: [],
    });
    expect(parseAllowedHosts("").hosts).toEqual([]);
    expect(parseAllowedHosts("ok.example, http://x.example, under_score, -dash.example").bad).toEqual([
      "http://x.example",
      "under_score",
      "-dash.example",
    ]);
    const applied = applySetupForm(defaultSettings, { ...form, allowedHosts: "a.example b.example" }, displays, 5);
    expect(applied.ok && applied.settings.allowedHosts).toEqual(["a.example", "b.example"]);
    const tooMany = applySetupForm(
      defaultSettings,
      { ...form, allowedHosts: Array.from({ length: 17 }, (_, i) => `h${i}.example`).join(",") },
      displays,
      5,
    );
    expect(tooMany).toEqual({ ok: false, errors: ["At most 16 host names."] });
    expect(decodeSetupForm({ ...form, allowedHosts: "x".repeat(1_001) }).ok).toBe(false);
  });

  it("keeps a display's read token, or none when the field is empty", () => {
    const withToken = applySetupForm(
      defaultSettings,
      { ...form, mode: "display", hostUrl: "http://192.168.1.20:4310", readToken: "mt_AbC-123_xyz" },
      displays,
      5,
    );
    expect(withToken.ok && withToken.settings.readToken).toBe("mt_AbC-123_xyz");
    if (withToken.ok) expect(formFromSettings(withToken.settings, displays, 6).readToken).toBe("mt_AbC-123_xyz");
    const without = applySetupForm(defaultSettings, { ...form, mode: "display", hostUrl: "http://a:1" }, displays, 5);
    expect(without.ok && without.settings.readToken).toBeNull();
    expect(decodeSetupForm({ ...form, readToken: "mt_AbC-123_xyz" }).ok).toBe(true);
    for (const bad of ["short", "has a space in it", "x".repeat(201), "tab\there-token"]) {
      const decoded = decodeSetupForm({ ...form, readToken: bad });
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.errors.join(" ")).toContain("read token");
    }
  });
});

describe("launch at login on Linux", () => {
  it("writes and removes an XDG autostart entry, quoting odd paths", () => {
    const dir = mkdtempSync(join(tmpdir(), "medi-test-autostart-"));
    try {
      const exe = '/home/lab lead/Apps/medi-test "2".AppImage';
      expect(setLinuxAutostart(dir, exe, true)).toBe(true);
      const text = readFileSync(join(dir, "autostart", "medi-test.desktop"), "utf8");
      expect(text).toContain("[Desktop Entry]");
      expect(text).toContain('Exec="/home/lab lead/Apps/medi-test \\\\"2\\\\".AppImage"');
      expect(autostartEntry("/opt/100%/medi-test")).toContain('Exec="/opt/100%%/medi-test"');
      expect(setLinuxAutostart(dir, exe, false)).toBe(false);
      expect(existsSync(join(dir, "autostart", "medi-test.desktop"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the app log", () => {
  it("appends one line per event and rotates at its size cap", () => {
    const dir = mkdtempSync(join(tmpdir(), "medi-test-log-"));
    try {
      const path = join(dir, "logs", "medi-test.log");
      const log = makeLogFile(path, 2_000);
      for (let i = 0; i < 100; i += 1) log(`reload ${i}\nwith a second line`);
      expect(statSync(path).size).toBeLessThanOrEqual(2_000);
      expect(existsSync(`${path}.1`)).toBe(true);
      const lines = readFileSync(path, "utf8").trim().split("\n");
      expect(lines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT.* reload 99 with a second line$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
