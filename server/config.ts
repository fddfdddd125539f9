import { Exit, Schema, SchemaIssue } from "effect";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * One configuration, from four layers: defaults < config file (JSON) < MEDI_TEST_* environment <
 * command-line flags. Every layer is decoded with the same field schemas; an error names the
 * layer, the key and the expected form.
 */

const Bool = Schema.Union([Schema.Boolean, Schema.Literals(["true", "false", "1", "0", "yes", "no"])]);
const intIn = (minimum: number, maximum: number) =>
  Schema.Union([Schema.Int, Schema.NumberFromString.check(Schema.isInt())]).check(Schema.isBetween({ minimum, maximum }));
const nonEmpty = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1_000));

const fields = {
  host: nonEmpty,
  port: intIn(0, 65_535),
  dataDir: nonEmpty,
  demo: Bool,
  heartbeatMs: intIn(100, 300_000),
  requireReadToken: Bool,
  synchronous: Schema.Literals(["FULL", "NORMAL"]),
  maxStreams: intIn(1, 1_000_000),
  maxStreamsPerIp: intIn(1, 1_000_000),
  sendBufferLimit: intIn(16_384, 256 * 1024 * 1024),
  eventRetention: intIn(1, Number.MAX_SAFE_INTEGER),
  bodyLimit: intIn(1_024, 64 * 1024 * 1024),
  writeRateLimit: intIn(0, 1_000_000),
  pin: Schema.String.check(Schema.isPattern(/^\d{4,12}$/)),
  adminToken: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._~+/=-]{16,200}$/)),
  logLevel: Schema.Literals(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  allowedHosts: Schema.Union([Schema.Array(nonEmpty), Schema.String]),
  demoIntervalMs: intIn(10, 3_600_000),
} as const;

type Field = keyof typeof fields;

const descriptions: Record<Field, string> = {
  host: "address to listen on (0.0.0.0 = every LAN interface)",
  port: "TCP port, 0 picks a free one",
  dataDir: "folder for the database, the admin token and backups",
  demo: "fill the lab with sample runs and a simulated tester",
  heartbeatMs: "milliseconds between SSE heartbeats",
  requireReadToken: "require a token to view boards",
  synchronous: "SQLite durability: FULL (survives power loss) or NORMAL",
  maxStreams: "most open SSE connections in total",
  maxStreamsPerIp: "most open SSE connections from one address",
  sendBufferLimit: "bytes a slow SSE client may fall behind before it is closed",
  eventRetention: "events kept in the log for replay",
  bodyLimit: "largest request body in bytes",
  writeRateLimit: "writes per minute from one address (0 = no limit)",
  pin: "lab PIN testers use to sign in (4-12 digits)",
  adminToken: "admin token (environment only)",
  logLevel: "log level",
  allowedHosts: "extra host names the server may be reached by (comma separated)",
  demoIntervalMs: "milliseconds between simulated results in --demo",
};

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly heartbeatMs: number;
  readonly requireReadToken: boolean;
  readonly synchronous: "FULL" | "NORMAL";
  readonly maxStreams: number;
  readonly maxStreamsPerIp: number;
  readonly sendBufferLimit: number;
  readonly eventRetention: number;
  readonly bodyLimit: number;
  readonly writeRateLimit: number;
  readonly pin: string | undefined;
  readonly adminToken: string | undefined;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly allowedHosts: ReadonlyArray<string>;
  readonly demoIntervalMs: number;
}

export const defaultConfig: Config = {
  host: "0.0.0.0",
  port: 4310,
  dataDir: "./data",
  demo: false,
  heartbeatMs: 15_000,
  requireReadToken: false,
  synchronous: "FULL",
  maxStreams: 20_000,
  maxStreamsPerIp: 500,
  sendBufferLimit: 1024 * 1024,
  eventRetention: 5_000_000,
  bodyLimit: 4 * 1024 * 1024,
  writeRateLimit: 3_000,
  pin: undefined,
  adminToken: undefined,
  logLevel: "info",
  allowedHosts: [],
  demoIntervalMs: 1_000,
};

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `MEDI_TEST_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const normalize = (key: Field, value: unknown): unknown => {
  if (typeof value === "string" && (key === "demo" || key === "requireReadToken")) return ["true", "1", "yes"].includes(value);
  if (typeof value === "string" && key === "allowedHosts") return value.split(",").map((s) => s.trim()).filter(Boolean);
  if (typeof value === "string" && fields[key] !== nonEmpty && /^\d+$/.test(value) && key !== "pin" && key !== "adminToken") return Number(value);
  return value;
};

const decodeLayer = (source: string, raw: Record<string, unknown>, name: (key: string) => string): Partial<Config> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!(key in fields)) throw new ConfigError(`${source}: unknown setting ${name(key)}`);
    const field = key as Field;
    const exit = Schema.decodeUnknownExit(fields[field])(value);
    if (Exit.isFailure(exit)) {
      throw new ConfigError(`${source}: ${name(key)} must be ${descriptions[field]} — got ${JSON.stringify(value)}`);
    }
    out[field] = normalize(field, exit.value);
  }
  return out as Partial<Config>;
};

const FileShape = Schema.Record(Schema.String, Schema.Unknown);

const readConfigFile = (path: string): Record<string, unknown> => {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`config file ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError(`config file ${path}: is not valid JSON`);
  }
  const exit = Schema.decodeUnknownExit(FileShape)(parsed);
  if (Exit.isFailure(exit)) throw new ConfigError(`config file ${path}: must be a JSON object of settings`);
  return exit.value;
};

export interface ConfigSources {
  readonly argv: ReadonlyArray<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const flagNames = Object.keys(fields).filter((k) => k !== "adminToken");

/** Builds the config; throws ConfigError with a message naming the bad key. */
export const loadConfig = ({ argv, env }: ConfigSources): Config & { readonly help: boolean } => {
  const options: Record<string, { type: "string" | "boolean" }> = { config: { type: "string" }, help: { type: "boolean" } };
  for (const key of flagNames) {
    options[kebab(key)] = { type: key === "demo" || key === "requireReadToken" ? "boolean" : "string" };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new ConfigError(`command line: ${(error as Error).message}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const flagLayer: Record<string, unknown> = {};
  for (const key of flagNames) flagLayer[key] = values[kebab(key)];
  const envLayer: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) envLayer[key] = env[envName(key)];
  const configPath = (values.config as string | undefined) ?? env.MEDI_TEST_CONFIG;
  const fileLayer = configPath === undefined ? {} : readConfigFile(resolve(configPath));

  const merged: Config = {
    ...defaultConfig,
    ...decodeLayer(`config file ${configPath ?? ""}`, fileLayer, (k) => `"${k}"`),
    ...decodeLayer("environment", envLayer, envName),
    ...decodeLayer("command line", flagLayer, (k) => `--${kebab(k)}`),
  };
  return { ...merged, help: values.help === true };
};

export const usage = (): string =>
  [
    "Usage: npm start -- [options]",
    "",
    "  --config <file>            JSON file with any of the settings below (camelCase keys)",
    ...flagNames.map((key) => `  --${kebab(key).padEnd(25)}${descriptions[key as Field]} (env ${envName(key)})`),
    "",
    "  MEDI_TEST_ADMIN_TOKEN      use this admin token instead of the one kept in the data dir",
  ].join("\n");

export const describeIssue = (issue: SchemaIssue.Issue): string =>
  SchemaIssue.makeFormatterStandardSchemaV1()(issue)
    .issues.map((i) => `${(i.path ?? []).join(".")}: ${i.message}`)
    .join("; ");
