import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";

/** The headless entry exactly as a lab starts it: a separate Node process, talked to over HTTP. */
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const entry = join("server", "main.ts");
const startupMs = 30_000;

type Env = Record<string, string | undefined>;
interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "medi-test-cli-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Polls `check` until it returns a value; fails with `what` and the process output on timeout. */
const eventually = async <T>(check: () => T | undefined, what: () => string, timeoutMs = startupMs): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });

interface Cli {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<Exit>;
  readonly isRunning: () => boolean;
}

const runCli = (args: ReadonlyArray<string>, env: Env = {}): Cli => {
  // The child sees no MEDI_TEST_* settings of the machine running the tests, only the ones given.
  const childEnv: Env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("MEDI_TEST_")),
  );
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: repoRoot,
    env: { ...childEnv, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  let running = true;
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.once("close", (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  cleanup.push(async () => {
    if (running) child.kill("SIGKILL");
    await exited;
  });
  return { child, stdout: () => out, stderr: () => err, exited, isRunning: () => running };
};

interface Banner {
  readonly url: string;
  readonly tokenPath: string;
  readonly tokenCreated: boolean;
  readonly text: string;
}

/** Waits for the start-up banner and reads the URL and the admin token file from it. */
const banner = async (cli: Cli): Promise<Banner> => {
  const text = await eventually(
    () => {
      if (!cli.isRunning()) throw new Error(`the server exited during start-up:\n${cli.stdout()}\n${cli.stderr()}`);
      return cli.stdout().includes("Press Ctrl+C to stop.") ? cli.stdout() : undefined;
    },
    () => `the start-up banner; stdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`,
  );
  const url = /Boards and tester pages: (http:\/\/\S+?)\/?$/m.exec(text)?.[1];
  const token = /Admin token:\s+in (.+?)( \(created now\))?$/m.exec(text);
  if (url === undefined || token?.[1] === undefined)
    throw new Error(`banner without URL or admin token file:\n${text}`);
  return { url, tokenPath: token[1], tokenCreated: token[2] !== undefined, text };
};

const startServer = async (dataDir: string, extra: ReadonlyArray<string> = []) => {
  const cli = runCli(["--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir, ...extra]);
  const shown = await banner(cli);
  return { cli, ...shown, token: readFileSync(shown.tokenPath, "utf8").trim() };
};

const stop = async (cli: Cli): Promise<Exit> => {
  cli.child.kill("SIGTERM");
  return withTimeout(cli.exited, 15_000, `exit after SIGTERM; stdout:\n${cli.stdout()}`);
};

const call = async <T>(base: string, method: string, path: string, token?: string, body?: unknown) => {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === "" ? undefined : JSON.parse(text)) as T };
};

interface Frame {
  readonly id?: string;
  readonly event?: string;
  readonly data?: string;
}

/** An SSE response read as raw HTTP, the way `curl -N` shows it. */
const rawStream = (url: string) => {
  let text = "";
  let status = 0;
  let contentType = "";
  let ended = false;
  const request = get(url, { agent: false }, (response) => {
    status = response.statusCode ?? 0;
    contentType = String(response.headers["content-type"]);
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (text += chunk));
    response.on("close", () => (ended = true));
  });
  request.on("error", () => (ended = true));
  cleanup.push(() => void request.destroy());
  const frames = (): Frame[] =>
    text
      .split("\n\n")
      .slice(0, -1)
      .map((block) => {
        const frame: Record<string, string> = {};
        for (const line of block.split("\n")) {
          const colon = line.indexOf(": ");
          if (colon > 0) frame[line.slice(0, colon)] = line.slice(colon + 2);
        }
        return frame;
      });
  return { frames, text: () => text, status: () => status, contentType: () => contentType, ended: () => ended };
};

interface WireEvent {
  readonly seq: number;
  readonly type: string;
  readonly testRunId: string;
  readonly itemId?: string;
  readonly data: {
    readonly item?: TestItem;
    readonly counts?: TestRunSummary["counts"];
    readonly runs?: ReadonlyArray<TestRunDetail>;
  };
}

const eventsOf = (frames: ReadonlyArray<Frame>) =>
  frames.flatMap((f) =>
    f.data === undefined || f.event !== undefined ? [] : [{ id: f.id, event: JSON.parse(f.data) as WireEvent }],
  );

describe("headless start (node server/main.ts)", () => {
  it("prints its URL and admin token file, serves the API with that token, streams a result live, and exits 0 on SIGTERM with a stream open", async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
    expect(dirname(server.tokenPath)).toBe(resolve(dataDir));
    expect(server.tokenCreated).toBe(true);
    expect(server.token.length).toBeGreaterThanOrEqual(16);

    const items = [
      { title: "RX sensitivity ch 1", section: "Radio/Sensitivity" },
      { title: "Handover LTE→5G", section: "Radio/Handover" },
    ];
    const anonymous = await call(server.url, "POST", "/api/test-runs", undefined, { name: "Nope", items });
    expect(anonymous.status).toBe(401);
    const created = await call<TestRunDetail>(server.url, "POST", "/api/test-runs", server.token, {
      name: "Radio regression",
      labels: { build: "2.4.1" },
      items,
    });
    expect(created.status).toBe(201);
    const run = created.body;
    const item = run.items[1];
    if (item === undefined) throw new Error("the run came back without its items");

    const stream = rawStream(`${server.url}/api/test-runs/${run.id}/stream`);
    await eventually(
      () => eventsOf(stream.frames()).find((e) => e.event.type === "snapshot"),
      () => `the snapshot; got ${stream.text()}`,
    );
    expect(stream.status()).toBe(200);
    expect(stream.contentType()).toContain("text/event-stream");
    expect(stream.text()).toMatch(/^retry: \d+\n\n/m);

    const note = "fails at cell edge\nlog: bench A";
    const recorded = await call<TestItem>(
      server.url,
      "PUT",
      `/api/test-runs/${run.id}/items/${item.id}`,
      server.token,
      { status: "failed", note },
    );
    expect(recorded.status).toBe(200);

    const update = await eventually(
      () => eventsOf(stream.frames()).find((e) => e.event.type === "item_updated"),
      () => `the item_updated event; got ${stream.text()}`,
    );
    expect(update.id).toBe(String(update.event.seq));
    expect(update.event).toMatchObject({ testRunId: run.id, itemId: item.id });
    expect(update.event.data.item).toMatchObject({ id: item.id, status: "failed", note });
    expect(update.event.data.counts).toMatchObject({ total: 2, failed: 1, untested: 1 });

    expect(stream.ended()).toBe(false);
    expect(await stop(server.cli)).toEqual({ code: 0, signal: null });
    await eventually(
      () => (stream.ended() ? true : undefined),
      () => "the stream to end",
      5_000,
    );
    expect(server.cli.stdout()).toContain("SIGTERM");
  });

  it("restarting on the same data dir keeps the admin token file and its token, and creates nothing new", async () => {
    const dataDir = tempDir();
    const first = await startServer(dataDir);
    expect(first.text).toContain("(created now)");
    const pinFile = join(dataDir, "lab-pin");
    const pin = readFileSync(pinFile, "utf8");
    const created = await call<TestRunDetail>(first.url, "POST", "/api/test-runs", first.token, {
      name: "Before restart",
      items: [{ title: "One" }],
    });
    expect(created.status).toBe(201);
    expect((await stop(first.cli)).code).toBe(0);

    const second = await startServer(dataDir);
    expect(second.text).not.toContain("created now");
    expect(second.tokenPath).toBe(first.tokenPath);
    expect(second.token).toBe(first.token);
    expect(readFileSync(pinFile, "utf8")).toBe(pin);
    const runs = await call<{ runs: TestRunSummary[] }>(second.url, "GET", "/api/test-runs");
    expect(runs.body.runs.map((r) => r.id)).toEqual([created.body.id]);
    const write = await call(second.url, "POST", "/api/test-runs", second.token, { name: "After restart" });
    expect(write.status).toBe(201);
    expect((await stop(second.cli)).code).toBe(0);
  });

  it.each<[string, ReadonlyArray<string>, Env, string]>([
    ["a port that is not a number", ["--port", "abc"], {}, "--port"],
    ["a heartbeat below the minimum", [], { MEDI_TEST_HEARTBEAT_MS: "5" }, "MEDI_TEST_HEARTBEAT_MS"],
    ["an unknown key in the config file", ["--config", "<file>"], {}, '"heartbeatMS"'],
  ])("refuses %s: exit code 2, the key named on stderr, nothing created", async (_what, args, env, key) => {
    const dir = tempDir();
    const dataDir = join(dir, "data");
    const configFile = join(dir, "lab.json");
    writeFileSync(configFile, JSON.stringify({ port: 0, heartbeatMS: 1_000 }));
    const argv = [...args.map((a) => (a === "<file>" ? configFile : a)), "--data-dir", dataDir, "--host", "127.0.0.1"];
    const cli = runCli(argv, env);
    const exit = await withTimeout(cli.exited, startupMs, `exit for ${argv.join(" ")}`);
    expect(exit).toEqual({ code: 2, signal: null });
    expect(cli.stderr()).toContain(key);
    expect(cli.stdout()).not.toContain("is running");
    expect(existsSync(dataDir)).toBe(false);
  });

  it("--demo fills the lab with labelled runs in sections, and a simulated tester changes the counts", async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir, ["--demo", "--demo-interval-ms", "100", "--log-level", "warn"]);
    expect(server.text).toContain("Demo lab created");

    const list = async () => (await call<{ runs: TestRunSummary[] }>(server.url, "GET", "/api/test-runs")).body.runs;
    const runs = await list();
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(4);
    const total = runs.reduce((sum, r) => sum + r.counts.total, 0);
    expect(total).toBeGreaterThanOrEqual(250);
    expect(total).toBeLessThanOrEqual(350);
    for (const summary of runs) {
      expect(summary.labels.build).toMatch(/\S/);
      expect(summary.labels.device).toMatch(/\S/);
      const detail = (await call<TestRunDetail>(server.url, "GET", `/api/test-runs/${summary.id}`)).body;
      expect(detail.items).toHaveLength(detail.counts.total);
      for (const item of detail.items) expect(item.section).toMatch(/^[^/]+\/[^/]+$/);
      expect(new Set(detail.items.map((i) => i.section)).size).toBeGreaterThanOrEqual(2);
    }

    const countsOf = (list: ReadonlyArray<TestRunSummary>) => JSON.stringify(list.map((r) => [r.id, r.counts]));
    const before = countsOf(runs);
    let later: ReadonlyArray<TestRunSummary> = runs;
    const deadline = Date.now() + 20_000;
    while (countsOf(later) === before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      later = await list();
    }
    expect(countsOf(later)).not.toBe(before);
    const done = (list: ReadonlyArray<TestRunSummary>) =>
      list.reduce((sum, r) => sum + r.counts.total - r.counts.untested, 0);
    expect(done(later)).toBeGreaterThan(done(runs));
    expect(later.some((r) => r.status === "running")).toBe(true);
    expect((await stop(server.cli)).code).toBe(0);
  });
});
