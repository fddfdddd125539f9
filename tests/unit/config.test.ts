import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, defaultConfig, flagNames, loadConfig, usage } from "../../server/config.ts";

type Env = Record<string, string | undefined>;

const dir = mkdtempSync(join(tmpdir(), "medi-test-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Writes a config file with exactly this text and returns its path. */
const configFile = (text: string): string => {
  const path = join(dir, `config-${++files}.json`);
  writeFileSync(path, text);
  return path;
};
const jsonFile = (settings: Record<string, unknown>): string => configFile(JSON.stringify(settings));

const load = (argv: ReadonlyArray<string> = [], env: Env = {}) => loadConfig({ argv, env });

/** The ConfigError message for a bad configuration (fails the test when loading succeeds). */
const rejection = (argv: ReadonlyArray<string> = [], env: Env = {}): string => {
  try {
    load(argv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify({ argv, env })}`);
};

describe("loadConfig: layers", () => {
  it("gives the defaults when nothing is set", () => {
    expect(load()).toEqual({ ...defaultConfig, help: false });
  });

  it("defaults < config file < MEDI_TEST_* environment < command-line flags", () => {
    const file = jsonFile({ port: 5001, heartbeatMs: 2_000, logLevel: "warn", maxStreams: 77 });
    const config = load(["--config", file, "--port", "5003"], {
      MEDI_TEST_PORT: "5002",
      MEDI_TEST_HEARTBEAT_MS: "3000",
    });
    expect(config.port).toBe(5003);
    expect(config.heartbeatMs).toBe(3_000);
    expect(config.logLevel).toBe("warn");
    expect(config.maxStreams).toBe(77);
    expect(config.bodyLimit).toBe(defaultConfig.bodyLimit);
  });

  it("each layer alone overrides the defaults", () => {
    expect(load(["--config", jsonFile({ port: 5001 })]).port).toBe(5001);
    expect(load([], { MEDI_TEST_PORT: "5002" }).port).toBe(5002);
    expect(load(["--port", "5003"]).port).toBe(5003);
  });

  it("finds the config file through MEDI_TEST_CONFIG, and --config wins over it", () => {
    const fromEnv = jsonFile({ port: 5101 });
    const fromFlag = jsonFile({ port: 5102 });
    expect(load([], { MEDI_TEST_CONFIG: fromEnv }).port).toBe(5101);
    expect(load(["--config", fromFlag], { MEDI_TEST_CONFIG: fromEnv }).port).toBe(5102);
  });

  it("maps camelCase keys to --kebab-case flags and MEDI_TEST_SNAKE_CASE variables", () => {
    const config = load(["--max-streams-per-ip", "12", "--send-buffer-limit", "65536"], {
      MEDI_TEST_DEMO_INTERVAL_MS: "250",
      MEDI_TEST_DATA_DIR: "/srv/lab",
    });
    expect(config).toMatchObject({
      maxStreamsPerIp: 12,
      sendBufferLimit: 65_536,
      demoIntervalMs: 250,
      dataDir: "/srv/lab",
    });
  });

  it("ignores environment variables that are not settings (the CI scripts set MEDI_TEST_TOOLS)", () => {
    expect(load([], { MEDI_TEST_TOOLS: "/cache", MEDI_TEST_NODE_VERSION: "24.22.3", PATH: "/usr/bin" })).toEqual({
      ...defaultConfig,
      help: false,
    });
  });

  it("--help asks for the usage text, which lists every flag with its variable", () => {
    expect(load(["--help"]).help).toBe(true);
    const text = usage();
    for (const key of flagNames) {
      const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      expect(text).toContain(flag);
    }
    expect(text).toContain("MEDI_TEST_HEARTBEAT_MS");
    expect(text).toContain("MEDI_TEST_ADMIN_TOKEN");
  });
});

describe("loadConfig: values", () => {
  it("reads numbers from strings in every layer", () => {
    expect(load(["--config", jsonFile({ port: "4400", heartbeatMs: "1500" })])).toMatchObject({
      port: 4_400,
      heartbeatMs: 1_500,
    });
    expect(load([], { MEDI_TEST_PORT: "4500" }).port).toBe(4_500);
    expect(load(["--port", "0"]).port).toBe(0);
  });

  it("reads booleans: a bare flag, true/false, 1/0 and yes/no", () => {
    expect(load(["--demo"]).demo).toBe(true);
    expect(load(["--require-read-token"]).requireReadToken).toBe(true);
    for (const yes of ["true", "1", "yes"]) expect(load([], { MEDI_TEST_DEMO: yes }).demo).toBe(true);
    for (const no of ["false", "0", "no"]) expect(load([], { MEDI_TEST_DEMO: no }).demo).toBe(false);
    expect(load(["--config", jsonFile({ requireReadToken: true, demo: "yes" })])).toMatchObject({
      requireReadToken: true,
      demo: true,
    });
    expect(load(["--config", jsonFile({ demo: true })], { MEDI_TEST_DEMO: "no" }).demo).toBe(false);
  });

  it("keeps a PIN's leading zeros", () => {
    expect(load(["--pin", "0042"]).pin).toBe("0042");
    expect(load([], { MEDI_TEST_PIN: "000123" }).pin).toBe("000123");
  });

  it("reads allowed hosts as a comma list or a JSON array", () => {
    expect(load([], { MEDI_TEST_ALLOWED_HOSTS: "lab.corp, wall-1.corp ,," }).allowedHosts).toEqual([
      "lab.corp",
      "wall-1.corp",
    ]);
    expect(load(["--config", jsonFile({ allowedHosts: ["a.lab", "b.lab"] })]).allowedHosts).toEqual(["a.lab", "b.lab"]);
  });

  it("takes the admin token from the environment but has no flag for it (it would show in `ps`)", () => {
    const token = "0123456789abcdef-lab";
    expect(load([], { MEDI_TEST_ADMIN_TOKEN: token }).adminToken).toBe(token);
    expect(rejection(["--admin-token", token])).toContain("--admin-token");
  });
});

describe("loadConfig: bad values name the key and the expected form", () => {
  it.each<[string, ReadonlyArray<string>, Env, ReadonlyArray<string>]>([
    ["a word for a port", ["--port", "abc"], {}, ["--port", "0 to 65535", '"abc"']],
    ["a port out of range", ["--port", "70000"], {}, ["--port", "0 to 65535"]],
    ["a fraction", ["--port", "12.5"], {}, ["--port", "whole number"]],
    ["an empty flag value", ["--port", ""], {}, ["--port", "0 to 65535"]],
    ["a hex number", ["--port", "0x10"], {}, ["--port", "0 to 65535"]],
    ["an exponent", ["--body-limit", "1e6"], {}, ["--body-limit", "whole number"]],
    [
      "a heartbeat too fast",
      [],
      { MEDI_TEST_HEARTBEAT_MS: "5" },
      ["environment", "MEDI_TEST_HEARTBEAT_MS", "100 to 300000"],
    ],
    ["an empty variable", [], { MEDI_TEST_PORT: "" }, ["MEDI_TEST_PORT", "0 to 65535"]],
    ["a blank variable", [], { MEDI_TEST_PORT: "  " }, ["MEDI_TEST_PORT", "0 to 65535"]],
    ["a vague boolean", [], { MEDI_TEST_DEMO: "maybe" }, ["MEDI_TEST_DEMO", "true or false"]],
    ["a lower-case durability", ["--synchronous", "full"], {}, ["--synchronous", "FULL, NORMAL"]],
    ["an unknown log level", ["--log-level", "loud"], {}, ["--log-level", "one of", "silent"]],
    ["a short PIN", ["--pin", "12"], {}, ["--pin", "4 to 12 digits"]],
    ["a short admin token", [], { MEDI_TEST_ADMIN_TOKEN: "short" }, ["MEDI_TEST_ADMIN_TOKEN", "16 to 200 characters"]],
    ["an empty data dir", ["--data-dir", ""], {}, ["--data-dir", "non-empty"]],
    ["a missing flag value", ["--port"], {}, ["--port"]],
    ["a value on a boolean flag", ["--demo=false"], {}, ["--demo"]],
  ])("%s", (_what, argv, env, fragments) => {
    const message = rejection(argv, env);
    for (const fragment of fragments) expect(message).toContain(fragment);
  });

  it("in a config file, names the file and the key", () => {
    const file = jsonFile({ port: 4310, heartbeatMs: "soon" });
    const message = rejection(["--config", file]);
    expect(message).toContain(file);
    expect(message).toContain('"heartbeatMs"');
    expect(message).toContain("100 to 300000");
  });

  it("a PIN written as a JSON number is refused rather than losing its zeros", () => {
    expect(rejection(["--config", jsonFile({ pin: 1234 })])).toContain('"pin"');
  });

  it("a bad value in a lower layer fails even when a higher layer sets the key", () => {
    expect(rejection(["--port", "4000"], { MEDI_TEST_PORT: "x" })).toContain("MEDI_TEST_PORT");
  });
});

describe("loadConfig: unknown settings and broken files", () => {
  it("rejects an unknown flag", () => {
    expect(rejection(["--prot", "4310"])).toContain("--prot");
  });

  it("rejects positional arguments", () => {
    expect(rejection(["4310"])).toContain("4310");
  });

  it("rejects an unknown key in the config file, naming it", () => {
    const message = rejection(["--config", jsonFile({ port: 4310, prot: 4311 })]);
    expect(message).toContain('"prot"');
    expect(message).toContain("unknown");
  });

  it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])(
    "rejects the inherited name %s as an unknown key",
    (key) => {
      const message = rejection(["--config", configFile(`{"${key}": 1}`)]);
      expect(message).toContain(`"${key}"`);
    },
  );

  it("rejects malformed JSON, naming the file", () => {
    const file = configFile('{ "port": 4310, }');
    const message = rejection(["--config", file]);
    expect(message).toContain(file);
    expect(message).toContain("not valid JSON");
  });

  it.each(["[1, 2]", "null", '"port"', "42"])("rejects %s: the file must hold an object", (text) => {
    expect(rejection(["--config", configFile(text)])).toContain("JSON object");
  });

  it("rejects a config file that does not exist", () => {
    const missing = join(dir, "missing.json");
    const message = rejection(["--config", missing]);
    expect(message).toContain(missing);
    expect(message).toContain("ENOENT");
  });
});

describe("the Redis channel of a shared log", () => {
  it("is named after the database's host, port and name, never its credentials", async () => {
    const { fanoutChannel } = await import("../../server/infrastructure/layers/app-layer.ts");
    expect(fanoutChannel("postgres://medi:s3cret@db.lan/lab1")).toBe("medi-test:events:db.lan:5432/lab1");
    expect(fanoutChannel("postgresql://db.lan:6432/lab2")).toBe("medi-test:events:db.lan:6432/lab2");
  });
});
