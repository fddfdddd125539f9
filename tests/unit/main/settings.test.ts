import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSettingsFile, maxSettingsBytes, saveSettingsFile } from "../../../main/core/settings-file.ts";
import { decodeSettings, defaultSettings, type Settings } from "../../../main/core/settings.ts";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "medi-test-settings-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const configured: Settings = {
  ...defaultSettings,
  setupComplete: true,
  labName: "Lab 3",
  port: 4400,
  power: { keepAwake: true, schedule: { on: "07:00", off: "19:00", days: [1, 2, 3, 4, 5], timeZone: "Europe/Berlin" } },
  displays: [
    {
      id: "2528732444",
      label: "DELL U2720Q",
      x: 1920,
      y: 0,
      width: 2560,
      height: 1440,
      board: { kind: "run", runId: "01J0RUN" },
      lastSeen: 1,
    },
  ],
};

describe("settings decoding", () => {
  it("round-trips what it saves", () => {
    const dir = tempDir();
    saveSettingsFile(dir, configured);
    const loaded = loadSettingsFile(dir, 0);
    expect(loaded.problems).toEqual([]);
    expect(loaded.settings).toEqual(configured);
    expect(loaded.backupPath).toBeUndefined();
    expect(statSync(loaded.path).mode & 0o777).toBe(0o600);
  });

  it("a first start has no file and no warning", () => {
    const loaded = loadSettingsFile(tempDir(), 0);
    expect(loaded).toMatchObject({ existed: false, problems: [], settings: defaultSettings });
  });

  it("a wrong type costs only its own field, with a warning naming it", () => {
    const decoded = decodeSettings({ ...configured, port: "4400", kiosk: "yes", labName: 42 });
    expect(decoded.settings.port).toBe(defaultSettings.port);
    expect(decoded.settings.kiosk).toBe(defaultSettings.kiosk);
    expect(decoded.settings.labName).toBe(defaultSettings.labName);
    expect(decoded.settings.power).toEqual(configured.power);
    expect(decoded.problems).toHaveLength(3);
    for (const field of ["port", "kiosk", "labName"]) expect(decoded.problems.join(" ")).toContain(`"${field}"`);
  });

  it("a display's read token: kept when it is one, dropped with a warning when not, absent in older files", () => {
    const display = { ...configured, mode: "display" as const, hostUrl: "http://192.168.1.20:4310" };
    expect(decodeSettings({ ...display, readToken: "mt_AbC-123_xyz" }).settings.readToken).toBe("mt_AbC-123_xyz");
    const spaced = decodeSettings({ ...display, readToken: "two words here" });
    expect(spaced.settings.readToken).toBeNull();
    expect(spaced.problems.join(" ")).toContain('"readToken"');
    const { readToken: _, ...older } = display;
    const fromOlder = decodeSettings(older);
    expect(fromOlder.problems).toEqual([]);
    expect(fromOlder.settings.readToken).toBeNull();
  });

  it("keeps a host's other network names, drops a bad list alone, and reads an older file without them", () => {
    const host = { ...defaultSettings, setupComplete: true };
    expect(decodeSettings({ ...host, allowedHosts: ["qa-lab3.corp.example"] }).settings.allowedHosts).toEqual([
      "qa-lab3.corp.example",
    ]);
    const bad = decodeSettings({ ...host, labName: "Lab 3", allowedHosts: ["Upper.Case", "evil example"] });
    expect(bad.settings.allowedHosts).toEqual([]);
    expect(bad.settings.labName).toBe("Lab 3");
    expect(bad.problems.join(" ")).toContain('"allowedHosts"');
    const { allowedHosts: _, ...older } = host;
    const fromOlder = decodeSettings(older);
    expect(fromOlder.problems).toEqual([]);
    expect(fromOlder.settings.allowedHosts).toEqual([]);
  });

  it("refuses out-of-range and malformed values", () => {
    const bad = decodeSettings({
      ...configured,
      port: 80,
      hostUrl: "file:///etc/passwd",
      dailyReload: "25:00",
      power: { keepAwake: true, schedule: { on: "07:00", off: "07:00", days: [1] } },
      defaultBoard: { kind: "run", runId: "../../etc" },
    });
    expect(bad.settings.port).toBe(4310);
    expect(bad.settings.hostUrl).toBeNull();
    expect(bad.settings.dailyReload).toBe("04:00");
    expect(bad.settings.power).toEqual(defaultSettings.power);
    expect(bad.settings.defaultBoard).toEqual({ kind: "all" });
    expect(bad.problems).toHaveLength(5);
    expect(
      decodeSettings({
        ...configured,
        power: { keepAwake: true, schedule: { on: "07:00", off: "19:00", days: [1], timeZone: "Mars/Olympus" } },
      }).problems,
    ).toHaveLength(1);
  });

  it("prototype-pollution keys are inert", () => {
    const hostile = JSON.parse(
      `{"__proto__":{"polluted":true,"setupComplete":true},"constructor":{"prototype":{"polluted":true}},"setupComplete":false,"labName":"x",
        "displays":[{"__proto__":{"polluted":true},"id":"1","label":"","x":0,"y":0,"width":10,"height":10,"board":{"kind":"all"},"lastSeen":0}]}`,
    ) as unknown;
    const decoded = decodeSettings(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(decoded.settings)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded.settings, "__proto__")).toBe(false);
    expect(decoded.settings.setupComplete).toBe(false);
    expect(decoded.settings.displays).toHaveLength(1);
    expect(Object.hasOwn(decoded.settings.displays[0] ?? {}, "__proto__")).toBe(false);
    // Values that only sit on the prototype chain are not settings.
    const inherited = decodeSettings(
      Object.create({ setupComplete: true, mode: "display", hostUrl: "http://evil.example" }) as unknown,
    );
    expect(inherited.settings).toEqual(defaultSettings);
  });

  it("drops unreadable remembered screens one by one and caps their number", () => {
    const screen = configured.displays[0];
    const decoded = decodeSettings({ ...configured, displays: [screen, { id: "x" }, "nonsense", null] });
    expect(decoded.settings.displays).toEqual([screen]);
    expect(decoded.problems).toHaveLength(1);
    const many = decodeSettings({
      ...configured,
      displays: Array.from({ length: 500 }, (_, i) => ({ ...screen, id: String(i) })),
    });
    expect(many.settings.displays.length).toBeLessThanOrEqual(64);
  });

  it("refuses huge strings inside fields", () => {
    const decoded = decodeSettings({ ...configured, labName: "x".repeat(100_000) });
    expect(decoded.settings.labName).toBe("");
    expect(decoded.problems).toHaveLength(1);
  });

  it("something that is not an object gives the defaults", () => {
    for (const raw of [null, 42, "settings", [configured], true]) {
      const decoded = decodeSettings(raw);
      expect(decoded.settings).toBe(defaultSettings);
      expect(decoded.problems).toHaveLength(1);
    }
  });
});

describe("the settings file", () => {
  it("not JSON: kept as a backup, defaults used, a warning", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "settings.json"), '{"mode": "host", "port": 44');
    const loaded = loadSettingsFile(dir, Date.parse("2026-05-13T10:00:00Z"));
    expect(loaded.settings).toEqual(defaultSettings);
    expect(loaded.problems[0]).toMatch(/not valid JSON/);
    expect(loaded.backupPath).toBeDefined();
    expect(readFileSync(loaded.backupPath ?? "", "utf8")).toBe('{"mode": "host", "port": 44');
    // Nothing salvageable is written back: the next start is a first start, with the backup still there.
    expect(existsSync(join(dir, "settings.json"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("settings.json.unreadable-"))).toHaveLength(1);
  });

  it("a partly bad file: the original kept as a backup, the salvaged settings written back", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "settings.json"), JSON.stringify({ ...configured, port: -1 }));
    const loaded = loadSettingsFile(dir, 0);
    expect(loaded.settings).toEqual({ ...configured, port: 4310 });
    expect(loaded.backupPath).toBeDefined();
    const again = loadSettingsFile(dir, 1);
    expect(again.problems).toEqual([]);
    expect(again.settings).toEqual({ ...configured, port: 4310 });
  });

  it("a huge file is not read at all", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "settings.json"), `{"labName":"${"x".repeat(maxSettingsBytes)}"}`);
    const loaded = loadSettingsFile(dir, 0);
    expect(loaded.settings).toEqual(defaultSettings);
    expect(loaded.problems[0]).toMatch(/too large/);
  });

  it("deeply nested JSON does not crash the start", () => {
    const dir = tempDir();
    const depth = 100_000;
    writeFileSync(join(dir, "settings.json"), `{"displays":${"[".repeat(depth)}${"]".repeat(depth)}}`);
    const loaded = loadSettingsFile(dir, 0);
    expect(loaded.settings.displays).toEqual([]);
    expect(loaded.problems.length).toBeGreaterThan(0);
  });

  it("a settings path that is a folder reports instead of throwing", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "settings.json"));
    const loaded = loadSettingsFile(dir, 0);
    expect(loaded.settings).toEqual(defaultSettings);
    expect(loaded.problems[0]).toMatch(/could not be read/);
  });
});
