import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { takeBackup } from "../../server/application/usecases/take-backup.ts";
import { cliEnv, isOneLine, runCliProcess, spawnCli } from "../support/cli-process.ts";
import { createRun, makeTempDir, removeDir, startTestLab } from "../support/lab-server.ts";

// Each case starts the command several times, a second or more each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });
/** The command line itself: help, bad usage, serve and restore (the commands that need no server). */
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const tempDir = (): string => {
  const dir = makeTempDir("medi-test-cli-");
  cleanup.push(() => removeDir(dir));
  return dir;
};

describe("medi-test --help", () => {
  const commands: ReadonlyArray<readonly [ReadonlyArray<string>, ReadonlyArray<string>]> = [
    [[], ["serve", "token", "run", "import", "results", "watch", "export", "backup", "restore", "pin"]],
    [["run"], ["create", "status"]],
    [
      ["run", "create"],
      ["<name>", "--label", "--description", "--url", "--token", "--json"],
    ],
    [
      ["run", "status"],
      ["<run>", "<status>", "running, paused, completed or aborted", "--url", "--token", "--json"],
    ],
    [["serve"], ["--port", "--host", "--data-dir", "--config", "--demo", "--pin", "MEDI_TEST_PORT"]],
    [["token"], ["create", "list", "revoke"]],
    [
      ["token", "create"],
      ["<name>", "--role", "--url", "--token", "--json", "MEDI_TEST_URL", "MEDI_TEST_TOKEN"],
    ],
    [
      ["token", "list"],
      ["--url", "--token", "--json"],
    ],
    [
      ["token", "revoke"],
      ["<id>", "--url", "--token", "--json"],
    ],
    [["results"], ["<run>", "<file.json>", "--add-missing", "--url", "--token", "--json"]],
    [["pin"], ["set"]],
    [
      ["pin", "set"],
      ["<pin>", "--url", "--token", "--json"],
    ],
    [["restore"], ["<backup>", "--data-dir", "--json"]],
    [["import"], ["junit"]],
    [
      ["import", "junit"],
      ["<file.xml...>", "--run", "--new", "--no-add-missing", "--url", "--token", "--json"],
    ],
    [["backup"], ["--out", "--list", "--url", "--token", "--json"]],
    [
      ["watch"],
      ["<run>", "--all", "--exit-on-failure", "--until-complete", "--give-up-after", "--url", "--token", "--json"],
    ],
    [
      ["export"],
      ["<run>", "--format", "json, csv, junit, html", "--out", "--lang", "en, ja", "--url", "--token", "--json"],
    ],
  ];
  it.each(commands)("medi-test %j --help names its flags", async (path, mentions) => {
    const result = await runCliProcess([...path, "--help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`medi-test ${path.join(" ")}`.trim());
    for (const text of mentions) expect(result.stdout).toContain(text);
  });

  it("--version prints the version", async () => {
    const result = await runCliProcess(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });

  it("no command prints the help and exits 2", async () => {
    const result = await runCliProcess([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("SUBCOMMANDS");
  });
});

describe("medi-test bad usage: one line on stderr, exit 2, nothing sent", () => {
  const cases: ReadonlyArray<readonly [ReadonlyArray<string>, RegExp]> = [
    [["token", "list", "--bogus"], /^medi-test: .*--bogus.*\(see medi-test token list --help\)$/],
    [["token", "create"], /^medi-test: Missing required argument: name \(see medi-test token create --help\)$/],
    [["token", "create", "CI", "--role", "boss"], /^medi-test: Invalid value for flag --role: "boss"/],
    [["frobnicate"], /^medi-test: .*frobnicate/],
    [["token", "list", "--url", "ftp://lab"], /^medi-test: --url must be an http:\/\/ or https:\/\/ address/],
    [["token", "revoke", ""], /^medi-test: the token id must be 1 to 64 characters$/],
    [["serve", "--port", "abc"], /^medi-test: command line: --port must be a whole number from 0 to 65535/],
  ];
  it.each(cases)("medi-test %j", async (args, message) => {
    // A URL nobody listens on: a request would exit 3, not 2.
    const result = await runCliProcess(args, { MEDI_TEST_URL: "http://127.0.0.1:59999" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr.trimEnd()).toMatch(message);
  });

  it("a bad MEDI_TEST_URL or MEDI_TEST_TOKEN is named", async () => {
    const url = await runCliProcess(["token", "list"], { MEDI_TEST_URL: "lab-pc:4310" });
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/^medi-test: MEDI_TEST_URL must be an http:\/\/ or https:\/\/ address/);
    const token = await runCliProcess(["token", "list"], { MEDI_TEST_TOKEN: "has spaces in it" });
    expect(token.code).toBe(2);
    expect(token.stderr).toBe("medi-test: MEDI_TEST_TOKEN must be a token without spaces\n");
  });
});

describe("medi-test serve", () => {
  it("runs the lab server as npm start does, answers the other commands, and stops on SIGTERM", async () => {
    const dataDir = tempDir();
    const child = spawnCli(["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir], {
      MEDI_TEST_LOG_LEVEL: "silent",
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    cleanup.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    const deadline = Date.now() + 30_000;
    let url: string | undefined;
    while (url === undefined) {
      url = /Boards and tester pages: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (Date.now() > deadline) throw new Error(`serve did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(output).toContain("medi-test lab server is running");

    const adminToken = readFileSync(join(dataDir, "admin-token"), "utf8").trim();
    const listed = await runCliProcess(["token", "list", "--json"], {
      MEDI_TEST_URL: url,
      MEDI_TEST_TOKEN: adminToken,
    });
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { tokens: unknown[] }).tokens.length).toBeGreaterThan(0);

    // A second server on the same data dir is refused, in one line, exit 2.
    const second = await runCliProcess(["serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir]);
    expect(second.code).toBe(2);
    expect(isOneLine(second.stderr)).toBe(true);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("medi-test restore", () => {
  it("restores a backup into a stopped server's data dir, keeping the replaced database", async () => {
    const dataDir = tempDir();
    const lab = await startTestLab({}, dataDir);
    await createRun(lab, "Before the backup", 2);
    const backup = await lab.server.runtime.runPromise(takeBackup());
    await createRun(lab, "After the backup", 2);

    // While the server runs, the data dir is locked: refused in one line, exit 2.
    const locked = await runCliProcess(["restore", backup.file, "--data-dir", dataDir]);
    expect(locked.code).toBe(2);
    expect(isOneLine(locked.stderr)).toBe(true);
    await lab.close();

    const result = await runCliProcess(["restore", backup.file, "--data-dir", dataDir, "--json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const restored = JSON.parse(result.stdout) as { restored: string; dataDir: string; keptAs: string | null };
    expect(restored).toMatchObject({ restored: backup.file, dataDir });
    expect(restored.keptAs).toMatch(/medi-test\.sqlite\.before-restore-/);
    expect(readdirSync(dataDir).some((f) => f.startsWith("medi-test.sqlite.before-restore-"))).toBe(true);

    const reopened = await startTestLab({}, dataDir);
    cleanup.push(() => reopened.close());
    const runs = await reopened.api<{ runs: Array<{ name: string }> }>("GET", "/api/test-runs");
    expect(runs.body.runs.map((r) => r.name)).toEqual(["Before the backup"]);
  });

  it("a missing backup file is one line, exit 2", async () => {
    const result = await runCliProcess(["restore", join(tempDir(), "nope.sqlite"), "--data-dir", tempDir()]);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
  });
});

describe("bin/medi-test.js (package.json bin)", () => {
  it("runs the bundled command, out/cli/main.js, building it first when it is missing or stale", () => {
    const root = resolve(import.meta.dirname, "../..");
    const bin = join(root, "bin", "medi-test.js");
    expect((JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: unknown }).bin).toEqual({
      "medi-test": "bin/medi-test.js",
    });
    const result = spawnSync(process.execPath, [bin, "token", "list", "--json", "--url", "nope"], {
      cwd: root,
      env: cliEnv(),
      encoding: "utf8",
      timeout: 180_000,
    });
    expect(existsSync(join(root, "out", "cli", "main.js"))).toBe(true);
    // Build progress, if any, went to stderr: stdout holds only the command's own output (none here).
    expect(result.stdout).toBe("");
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toBe(
      "medi-test: --url must be an http:// or https:// address such as http://127.0.0.1:4310",
    );
  }, 240_000);

  it("the bundled serve finds the migrations and the boards from any working directory", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      [join(root, "bin", "medi-test.js"), "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir],
      { cwd: tempDir(), env: cliEnv({ MEDI_TEST_LOG_LEVEL: "silent" }), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    cleanup.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    const deadline = Date.now() + 180_000;
    let url: string | undefined;
    while (url === undefined) {
      url = /Boards and tester pages: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1];
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    // `serve` builds the boards when they are missing, as npm start does: the page is the built one.
    const board = await (await fetch(`${url}/board`)).text();
    expect(existsSync(join(root, "out", "renderer", "index.html"))).toBe(true);
    expect(board).toBe(readFileSync(join(root, "out", "renderer", "index.html"), "utf8"));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 240_000);
});
