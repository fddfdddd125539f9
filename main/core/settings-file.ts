import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type DecodedSettings, decodeSettings, defaultSettings, encodeSettings, type Settings } from "./settings.ts";

/** A settings file is a few kilobytes; anything past this is not ours. */
export const maxSettingsBytes = 256 * 1024;

export const settingsFileName = "settings.json";

export interface LoadedSettings extends DecodedSettings {
  readonly path: string;
  /** Where an unreadable file was moved to, if it was. */
  readonly backupPath: string | undefined;
  /** False on a first start (no file yet). */
  readonly existed: boolean;
}

const readBounded = (path: string): string | undefined => {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > maxSettingsBytes) return undefined;
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
};

const backupName = (path: string, now: number): string =>
  `${path}.unreadable-${new Date(now).toISOString().replace(/[:.]/g, "-")}`;

/**
 * Reads `<dir>/settings.json`. A file that cannot be used as it is (not JSON, too large, a bad
 * value) is moved aside as a backup and never silently overwritten; the caller shows `problems`.
 * What could be salvaged is written back, so the next start is clean.
 */
export const loadSettingsFile = (dir: string, now: number): LoadedSettings => {
  const path = join(dir, settingsFileName);
  if (!existsSync(path))
    return { path, settings: defaultSettings, problems: [], backupPath: undefined, existed: false };
  let decoded: DecodedSettings;
  let text: string | undefined;
  try {
    text = readBounded(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return {
      path,
      settings: defaultSettings,
      problems: [`The settings file could not be read (${code}); defaults are used.`],
      backupPath: undefined,
      existed: true,
    };
  }
  if (text === undefined)
    decoded = {
      settings: defaultSettings,
      problems: ["The settings file is far too large to be a settings file; defaults are used."],
    };
  else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
      decoded = decodeSettings(parsed);
    } catch {
      decoded = { settings: defaultSettings, problems: ["The settings file is not valid JSON; defaults are used."] };
    }
  }
  if (decoded.problems.length === 0) return { ...decoded, path, backupPath: undefined, existed: true };
  const backupPath = backupName(path, now);
  renameSync(path, backupPath);
  if (decoded.settings !== defaultSettings) saveSettingsFile(dir, decoded.settings);
  return { ...decoded, path, backupPath, existed: true };
};

/** Writes atomically (temp file, then rename), readable by this user only. */
export const saveSettingsFile = (dir: string, settings: Settings): string => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, settingsFileName);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, encodeSettings(settings), { mode: 0o600 });
  renameSync(temp, path);
  return path;
};
