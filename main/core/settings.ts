import { Exit, Schema } from "effect";
import { BoardChoice } from "./board-choice.ts";
import type { RememberedDisplay } from "./display-assignment.ts";
import { normalizeHostUrl } from "./host-url.ts";
import { isKnownTimeZone } from "./zoned-time.ts";

/** "HH:MM", 24-hour clock. */
export const WallClockTime = Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/));

export const TimeZoneName = Schema.String.check(
  Schema.isMaxLength(64),
  Schema.makeFilter((zone: string) => isKnownTimeZone(zone), { expected: "an IANA time zone such as Europe/Berlin" }),
);

export const HostUrl = Schema.String.check(
  Schema.makeFilter((url: string) => normalizeHostUrl(url) === url, {
    expected: "an http(s) origin such as http://192.168.1.20:4310",
  }),
);

export const OnOffScheduleSchema = Schema.Struct({
  on: WallClockTime,
  off: WallClockTime,
  days: Schema.Array(Schema.Literals([0, 1, 2, 3, 4, 5, 6])).check(Schema.isMinLength(1), Schema.isMaxLength(7)),
  timeZone: Schema.optionalKey(TimeZoneName),
}).check(
  Schema.makeFilter((s: { readonly on: string; readonly off: string }) => s.on !== s.off, {
    expected: "different on and off times",
  }),
);

export const PowerSettings = Schema.Struct({
  keepAwake: Schema.Boolean,
  schedule: Schema.NullOr(OnOffScheduleSchema),
});

const coordinate = Schema.Int.check(Schema.isBetween({ minimum: -1_000_000, maximum: 1_000_000 }));
const extent = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 }));

export const RememberedDisplaySchema = Schema.Struct({
  id: Schema.String.check(Schema.isPattern(/^-?\d{1,20}$/)),
  label: Schema.String.check(Schema.isMaxLength(200)),
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
  board: BoardChoice,
  lastSeen: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
});

export const Mode = Schema.Literals(["host", "display"]);

/** A DNS host name (lower case), as a browser sends it in Host: "qa-lab3.corp.example". */
export const HostName = Schema.String.check(
  Schema.isMaxLength(253),
  Schema.isPattern(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/),
);

/** A viewer token as the server issues it (`mt_…`) or an admin's: visible ASCII, no spaces. */
export const ReadToken = Schema.String.check(Schema.isPattern(/^[!-~]{8,200}$/));
export type Mode = typeof Mode.Type;

/** Every field of the settings file, each decoded on its own so one bad value costs only itself. */
export const settingsFields = {
  version: Schema.Literal(1),
  /** False until the setup window was confirmed once: the first start shows it. */
  setupComplete: Schema.Boolean,
  mode: Mode,
  labName: Schema.String.check(Schema.isMaxLength(80)),
  /** Host mode: the TCP port the lab server listens on. */
  port: Schema.Int.check(Schema.isBetween({ minimum: 1024, maximum: 65_535 })),
  /**
   * Host mode: DNS names testers reach this PC by besides its addresses and its own name
   * (`--allowed-hosts`): writes naming another host are refused (DNS-rebinding guard).
   */
  allowedHosts: Schema.Array(HostName).check(Schema.isMaxLength(16)),
  /** Display mode: the host's server. */
  hostUrl: Schema.NullOr(HostUrl),
  /**
   * Display mode: the viewer token for a host that hides its results (`--require-read-token`);
   * the boards are opened with it (`?access_token=`), null for a host that needs none.
   */
  readToken: Schema.NullOr(ReadToken),
  kiosk: Schema.Boolean,
  defaultBoard: BoardChoice,
  displays: Schema.Array(RememberedDisplaySchema).check(Schema.isMaxLength(64)),
  power: PowerSettings,
  /** Wall time of the daily reload (memory hygiene), or null for none. */
  dailyReload: Schema.NullOr(WallClockTime),
  launchAtLogin: Schema.Boolean,
};

export const Settings = Schema.Struct(settingsFields);
export type Settings = typeof Settings.Type;

// Compile-time check: the remembered-display schema and the assignment module agree.
const rememberedMatches: (value: typeof RememberedDisplaySchema.Type) => RememberedDisplay = (value) => value;
void rememberedMatches;

export const defaultSettings: Settings = {
  version: 1,
  setupComplete: false,
  mode: "host",
  labName: "",
  port: 4310,
  allowedHosts: [],
  hostUrl: null,
  readToken: null,
  kiosk: true,
  defaultBoard: { kind: "all" },
  displays: [],
  power: { keepAwake: true, schedule: null },
  dailyReload: "04:00",
  launchAtLogin: false,
};

export interface DecodedSettings {
  readonly settings: Settings;
  /** Plain sentences for the person at the screen; empty when the file was fine. */
  readonly problems: ReadonlyArray<string>;
}

type FieldName = keyof typeof settingsFields;
const fieldNames = Object.keys(settingsFields) as ReadonlyArray<FieldName>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Decodes parsed settings JSON. Known keys are read as own properties only (so `__proto__` or
 * `constructor` keys are inert), each field falls back to its default on its own, and remembered
 * displays are kept entry by entry.
 */
export const decodeSettings = (raw: unknown): DecodedSettings => {
  if (!isPlainObject(raw))
    return { settings: defaultSettings, problems: ["The settings file does not hold a settings object."] };
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const key of fieldNames) {
    if (!Object.hasOwn(raw, key)) {
      result[key] = defaultSettings[key];
      continue;
    }
    const value = raw[key];
    if (key === "displays" && Array.isArray(value)) {
      const kept = value.slice(0, 64).flatMap((entry) => {
        const exit = Schema.decodeUnknownExit(RememberedDisplaySchema)(entry);
        return Exit.isSuccess(exit) ? [exit.value] : [];
      });
      if (kept.length !== value.length)
        problems.push(`${value.length - kept.length} remembered screen(s) could not be read and were dropped.`);
      result[key] = kept;
      continue;
    }
    const exit = Schema.decodeUnknownExit(settingsFields[key])(value);
    if (Exit.isSuccess(exit)) result[key] = exit.value;
    else {
      problems.push(`The setting "${key}" was not valid; its default is used.`);
      result[key] = defaultSettings[key];
    }
  }
  // Every field was decoded by its own schema above; this last pass only restores the type.
  const whole = Schema.decodeUnknownExit(Settings)(result);
  if (Exit.isFailure(whole))
    return { settings: defaultSettings, problems: [...problems, "The settings could not be read; defaults are used."] };
  return { settings: whole.value, problems };
};

/** The JSON written to disk. */
export const encodeSettings = (settings: Settings): string =>
  `${JSON.stringify(Schema.encodeSync(Settings)(settings), null, 2)}\n`;
