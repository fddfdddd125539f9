import { Exit, Schema, SchemaIssue, SchemaTransformation } from "effect";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";

/**
 * One configuration, from four layers: defaults < config file (JSON) < MEDI_TEST_* environment <
 * command-line flags. Every layer is decoded with the same field schemas; an error names the
 * layer, the key and the expected form.
 */

interface Field<S extends Schema.Top = Schema.Top> {
  readonly schema: S;
  /** The accepted form, as an error message states it. */
  readonly expected: string;
  readonly description: string;
}

const Bool = Schema.Union([Schema.Boolean, Schema.Literals(["true", "false", "1", "0", "yes", "no"])]);
// Decimal digits only: Number() would also take "", " ", "0x10" and "1e3" (an empty MEDI_TEST_PORT meant port 0).
const DigitsToNumber = Schema.String.check(Schema.isPattern(/^\d+$/)).pipe(
  Schema.decodeTo(Schema.Number, SchemaTransformation.numberFromString),
);
const nonEmpty = Schema.String.check(Schema.isMinLength(1), Schema.isMaxLength(1_000));

const intIn = (minimum: number, maximum: number, description: string) => ({
  schema: Schema.Union([Schema.Int, DigitsToNumber.check(Schema.isInt())]).check(
    Schema.isBetween({ minimum, maximum }),
  ),
  expected:
    maximum === Number.MAX_SAFE_INTEGER
      ? `a whole number of at least ${minimum}`
      : `a whole number from ${minimum} to ${maximum}`,
  description,
});
const bool = (description: string) => ({ schema: Bool, expected: "true or false (or 1/0, yes/no)", description });
const text = (description: string) => ({ schema: nonEmpty, expected: "a non-empty text", description });
const oneOf = <const L extends ReadonlyArray<string>>(literals: L, description: string) => ({
  schema: Schema.Literals(literals),
  expected: `one of ${literals.join(", ")}`,
  description,
});

const fields = {
  host: text("address to listen on (0.0.0.0 = every LAN interface)"),
  port: intIn(0, 65_535, "TCP port, 0 picks a free one"),
  dataDir: text("folder for the database, the admin token and backups"),
  demo: bool("fill the lab with sample runs and a simulated tester"),
  heartbeatMs: intIn(100, 300_000, "milliseconds between SSE heartbeats"),
  requireReadToken: bool("require a token to view boards"),
  synchronous: oneOf(["FULL", "NORMAL"], "SQLite durability: FULL (survives power loss) or NORMAL"),
  maxStreams: intIn(1, 1_000_000, "most open SSE connections in total"),
  maxStreamsPerIp: intIn(1, 1_000_000, "most open SSE connections from one address"),
  sendBufferLimit: intIn(16_384, 256 * 1024 * 1024, "bytes a slow SSE client may fall behind before it is closed"),
  streamStallMs: intIn(
    1_000,
    600_000,
    "milliseconds a client may take to read a snapshot or replay page before it is cut off",
  ),
  maxStreamStarts: intIn(
    1,
    1_000,
    "streams that may load a snapshot or replay history at once (the rest wait in line)",
  ),
  maxReplayEvents: intIn(
    1,
    10_000_000,
    "events a reconnecting client may be behind and still get a replay (further behind: a fresh snapshot)",
  ),
  eventRetention: intIn(1, Number.MAX_SAFE_INTEGER, "events kept in the log for replay"),
  bodyLimit: intIn(1_024, 64 * 1024 * 1024, "largest request body in bytes"),
  junitLimit: intIn(
    1_024,
    1024 * 1024 * 1024,
    "largest JUnit XML file in bytes (read as it arrives, never held whole)",
  ),
  writeRateLimit: intIn(0, 1_000_000, "writes per minute from one address (0 = no limit)"),
  pin: {
    schema: Schema.String.check(Schema.isPattern(/^\d{4,12}$/)),
    expected: "4 to 12 digits, as text",
    description: "lab PIN testers use to sign in (4-12 digits)",
  },
  adminToken: {
    schema: Schema.String.check(Schema.isPattern(/^[A-Za-z0-9._~+/=-]{16,200}$/)),
    expected: "16 to 200 characters from A-Z a-z 0-9 . _ ~ + / = -",
    description: "admin token (environment only)",
  },
  logLevel: oneOf(["fatal", "error", "warn", "info", "debug", "trace", "silent"], "log level"),
  allowedHosts: {
    schema: Schema.Union([Schema.Array(nonEmpty), Schema.String]),
    expected: "host names, comma separated (or a JSON array in the config file)",
    description: "extra host names writes and admin requests may address the server by (comma separated)",
  },
  demoIntervalMs: intIn(10, 3_600_000, "milliseconds between simulated results in --demo"),
  labName: {
    schema: Schema.String.check(Schema.isMaxLength(100)),
    expected: "a text of at most 100 characters",
    description: "the lab's name, shown at the top of the wall boards",
  },
  headersTimeoutMs: intIn(1_000, 120_000, "milliseconds a client may take to send its request headers"),
  backupIntervalMinutes: intIn(0, 10_080, "minutes between automatic backups in the data dir (0 = off)"),
  backupKeep: intIn(1, 10_000, "automatic backups kept (the oldest are removed)"),
  databaseUrl: {
    schema: Schema.String.check(Schema.isPattern(/^postgres(ql)?:\/\/[^\s]{1,1000}$/)),
    expected: "a postgres:// (or postgresql://) URL",
    description: "PostgreSQL instead of the SQLite file: several instances share it (docs/deploy.md)",
  },
  redisUrl: {
    schema: Schema.String.check(Schema.isPattern(/^rediss?:\/\/[^\s]{1,1000}$/)),
    expected: "a redis:// (or rediss://) URL",
    description: "Redis that carries each event to every instance (with --database-url)",
  },
  databasePoolSize: intIn(2, 200, "PostgreSQL connections this instance keeps"),
  trustProxy: {
    schema: Schema.Union([Schema.Array(nonEmpty), Schema.String]),
    expected: "proxy addresses or CIDR ranges, comma separated (or a JSON array in the config file)",
    description:
      "load balancers whose X-Forwarded-For names the client (per-address limits then count clients, not the proxy)",
  },
} satisfies Record<string, Field>;

type FieldName = keyof typeof fields;

// Own keys only: `"toString" in fields` is true, and such a key in a config file crashed the decoder.
const isFieldName = (key: string): key is FieldName => Object.hasOwn(fields, key);

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
  /** A client that reads none of its snapshot or replay page for this long is cut off. */
  readonly streamStallMs: number;
  /** Snapshot builds and replays at once; up to 64× as many wait, the rest get 503. */
  readonly maxStreamStarts: number;
  /** A reconnecting client further behind than this gets a reset with a fresh state. */
  readonly maxReplayEvents: number;
  readonly eventRetention: number;
  readonly bodyLimit: number;
  /** The JUnit upload routes stream their body: this bounds the bytes read, not memory. */
  readonly junitLimit: number;
  readonly writeRateLimit: number;
  readonly pin: string | undefined;
  readonly adminToken: string | undefined;
  readonly logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  readonly allowedHosts: ReadonlyArray<string>;
  readonly demoIntervalMs: number;
  readonly headersTimeoutMs: number;
  /** Shown at the top of every wall board ("LAB 3 · Firmware"). */
  readonly labName: string;
  readonly backupIntervalMinutes: number;
  readonly backupKeep: number;
  /** PostgreSQL instead of SQLite (several instances); undefined: the SQLite file in the data dir. */
  readonly databaseUrl: string | undefined;
  /** Redis fan-out between instances; only with databaseUrl. */
  readonly redisUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Proxies (addresses, CIDR) trusted to say who the client is in X-Forwarded-For; empty: none. */
  readonly trustProxy: ReadonlyArray<string>;
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
  streamStallMs: 30_000,
  maxStreamStarts: 8,
  maxReplayEvents: 20_000,
  eventRetention: 5_000_000,
  bodyLimit: 4 * 1024 * 1024,
  junitLimit: 64 * 1024 * 1024,
  writeRateLimit: 3_000,
  pin: undefined,
  adminToken: undefined,
  logLevel: "warn",
  allowedHosts: [],
  demoIntervalMs: 1_000,
  headersTimeoutMs: 15_000,
  labName: "",
  backupIntervalMinutes: 60,
  backupKeep: 48,
  databaseUrl: undefined,
  redisUrl: undefined,
  databasePoolSize: 10,
  trustProxy: [],
};

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const envName = (key: string) => `MEDI_TEST_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

const normalize = (key: FieldName, value: unknown): unknown => {
  if (typeof value === "string" && (key === "demo" || key === "requireReadToken"))
    return ["true", "1", "yes"].includes(value);
  if (typeof value === "string" && (key === "allowedHosts" || key === "trustProxy"))
    return value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return value;
};

const decodeLayer = (source: string, raw: Record<string, unknown>, name: (key: string) => string): Partial<Config> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (!isFieldName(key)) throw new ConfigError(`${source}: unknown setting ${name(key)}`);
    const field = fields[key];
    const exit = Schema.decodeUnknownExit(field.schema)(value);
    if (Exit.isFailure(exit)) {
      throw new ConfigError(
        `${source}: ${name(key)} must be ${field.expected}, got ${JSON.stringify(value)} — ${field.description}`,
      );
    }
    out[key] = normalize(key, exit.value);
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

const isBooleanFlag = (key: FieldName): boolean => key === "demo" || key === "requireReadToken";

export const flagNames: ReadonlyArray<FieldName> = Object.keys(fields)
  .filter(isFieldName)
  .filter((k) => k !== "adminToken");

/** One command-line setting as a flag parser (`medi-test serve`) declares it; loadConfig decodes the values. */
export interface SettingFlag {
  /** Kebab case, without the dashes: "data-dir". */
  readonly name: string;
  readonly env: string;
  readonly description: string;
  readonly boolean: boolean;
}

export const settingFlags = (): ReadonlyArray<SettingFlag> =>
  flagNames.map((key) => ({
    name: kebab(key),
    env: envName(key),
    description: fields[key].description,
    boolean: isBooleanFlag(key),
  }));

/** Builds the config; throws ConfigError with a message naming the bad key. */
export const loadConfig = ({ argv, env }: ConfigSources): Config & { readonly help: boolean } => {
  const options: Record<string, { type: "string" | "boolean" }> = {
    config: { type: "string" },
    help: { type: "boolean" },
  };
  for (const key of flagNames) {
    options[kebab(key)] = { type: isBooleanFlag(key) ? "boolean" : "string" };
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
  if (merged.redisUrl !== undefined && merged.databaseUrl === undefined) {
    throw new ConfigError(
      "--redis-url (MEDI_TEST_REDIS_URL) carries events between instances that share a PostgreSQL database: give --database-url too",
    );
  }
  return { ...merged, help: values.help === true };
};

export const usage = (): string =>
  [
    "Usage: npm start -- [options]",
    "",
    "  --config <file>            JSON file with any of the settings below (camelCase keys)",
    ...flagNames.map((key) => `  --${kebab(key).padEnd(25)}${fields[key].description} (env ${envName(key)})`),
    "",
    "  MEDI_TEST_ADMIN_TOKEN      use this admin token instead of the one kept in the data dir",
  ].join("\n");

export const describeIssue = (issue: SchemaIssue.Issue): string =>
  SchemaIssue.makeFormatterStandardSchemaV1()(issue)
    .issues.map((i) => `${(i.path ?? []).join(".")}: ${i.message}`)
    .join("; ");
