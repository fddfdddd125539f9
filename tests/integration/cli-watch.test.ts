import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { cliEntry, cliEnv, isOneLine, runCliProcess, spawnCli } from "../support/cli-process.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

// Each case runs the command for a few seconds, more on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

/** `medi-test watch` in its own process against a real lab server, read through its --json lines. */
let lab: TestLab;
beforeAll(async () => {
  lab = await startTestLab();
});
afterAll(async () => {
  await lab.close();
  removeDir(lab.dataDir);
});

interface WatchLine {
  readonly runId: string;
  readonly status: string;
  readonly counts: RunCounts;
  readonly passRate: number | null;
  readonly donePct: number;
  readonly eta: string | null;
  readonly failures: ReadonlyArray<{
    readonly key: string | null;
    readonly title: string;
    readonly note: string | null;
  }>;
  readonly connection: "connecting" | "live" | "reconnecting";
  readonly connectionSince: string;
}

/** A running `watch` process: its parsed stdout lines, its stderr, and its end. */
interface Watcher {
  readonly child: ChildProcess;
  readonly lines: WatchLine[];
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  readonly waitFor: (what: string, predicate: (line: WatchLine) => boolean, timeoutMs?: number) => Promise<WatchLine>;
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

const watch = (args: ReadonlyArray<string>): Watcher => {
  const child = spawnCli(["watch", ...args]);
  running.push(child);
  const lines: WatchLine[] = [];
  const waiters = new Set<() => void>();
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const parts = stdout.split("\n");
    stdout = parts.pop() ?? "";
    for (const part of parts) if (part !== "") lines.push(JSON.parse(part) as WatchLine);
    for (const waiter of waiters) waiter();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("close", (code) => done(code)));
  const waitFor = (what: string, predicate: (line: WatchLine) => boolean, timeoutMs = 20_000) =>
    new Promise<WatchLine>((resolve, reject) => {
      const check = () => {
        const found = lines.find(predicate);
        if (found === undefined) return false;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line with ${what} within ${timeoutMs} ms; lines: ${JSON.stringify(lines)} ${stderr}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return { child, lines, stderr: () => stderr, exited, waitFor };
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)),
  ]);

const record = async (target: TestLab, runId: string, itemId: string, status: string, note?: string) => {
  const response = await target.api("PUT", `/api/test-runs/${runId}/items/${itemId}`, {
    status,
    ...(note === undefined ? {} : { note }),
  });
  expect(response.status).toBe(200);
};

const itemId = (run: TestRunDetail, index: number): string => {
  const item = run.items[index];
  if (item === undefined) throw new Error(`run ${run.id} has no item ${index}`);
  return item.id;
};

/** A port nothing listens on: bound, noted, closed. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
};

const asAdmin = () => ["--url", lab.url, "--token", lab.adminToken];
const isLive = (line: WatchLine) => line.connection === "live";

describe("medi-test watch --json", () => {
  it("prints the run's state, then one line per change as results come in; Ctrl-C exits 0", async () => {
    const run = await createRun(lab, "Watched run", 4);
    const watcher = watch([run.id, "--json", ...asAdmin()]);
    const first = await watcher.waitFor("the first state", () => true);
    expect(first).toMatchObject({ runId: run.id, status: "planned", donePct: 0, passRate: null, eta: null });
    expect(first.counts).toEqual({ total: 4, untested: 4, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0 });
    await watcher.waitFor("a live connection", isLive);

    for (let i = 0; i < 3; i++) {
      await record(lab, run.id, itemId(run, i), "passed");
      await watcher.waitFor(`${i + 1} passed`, (line) => line.counts.passed === i + 1);
    }
    const passed = watcher.lines.map((line) => line.counts.passed);
    // Counts only grow, and each step was printed.
    expect(passed).toEqual([...passed].sort((a, b) => a - b));
    expect(new Set(passed)).toEqual(new Set([0, 1, 2, 3]));
    const last = watcher.lines.at(-1);
    expect(last).toMatchObject({ donePct: 75, passRate: 1, connection: "live", failures: [] });

    watcher.child.kill("SIGINT");
    expect(await withTimeout(watcher.exited, 10_000, "exit after SIGINT")).toBe(0);
    expect(watcher.stderr()).toBe("");
  });

  it("--exit-on-failure exits 1 right after a failed result, naming it", async () => {
    const run = await createRun(lab, "Gate", 3);
    const watcher = watch([run.id, "--json", "--exit-on-failure", ...asAdmin()]);
    await watcher.waitFor("a live connection", isLive);
    await record(lab, run.id, itemId(run, 0), "passed");
    await watcher.waitFor("1 passed", (line) => line.counts.passed === 1);
    expect(watcher.child.exitCode).toBeNull();

    const failedAt = Date.now();
    await record(lab, run.id, itemId(run, 1), "failed", "-92 dBm\nstack trace here");
    expect(await withTimeout(watcher.exited, 10_000, "exit after the failure")).toBe(1);
    expect(Date.now() - failedAt).toBeLessThan(10_000);
    expect(watcher.lines.at(-1)).toMatchObject({
      counts: { failed: 1 },
      failures: [{ title: "Case 2", note: "-92 dBm" }],
    });
    expect(isOneLine(watcher.stderr())).toBe(true);
    expect(watcher.stderr()).toContain("--exit-on-failure");
  });

  it("--until-complete exits 0 when the run is completed without failures", async () => {
    const run = await createRun(lab, "To the end", 2);
    const watcher = watch([run.id, "--json", "--until-complete", ...asAdmin()]);
    await watcher.waitFor("a live connection", isLive);
    await record(lab, run.id, itemId(run, 0), "passed");
    await record(lab, run.id, itemId(run, 1), "skipped");
    await watcher.waitFor("all done", (line) => line.donePct === 100);
    expect(watcher.child.exitCode).toBeNull();
    const completed = await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "completed" });
    expect(completed.status).toBe(200);
    expect(await withTimeout(watcher.exited, 10_000, "exit after completion")).toBe(0);
    expect(watcher.lines.at(-1)?.status).toBe("completed");
    expect(watcher.stderr()).toBe("");
  });

  it("--until-complete exits 1 when the run is completed with a blocked result", async () => {
    const run = await createRun(lab, "Blocked end", 1);
    await lab.api("PUT", `/api/test-runs/${run.id}/items/${itemId(run, 0)}`, { status: "blocked" });
    const watcher = watch([run.id, "--json", "--until-complete", ...asAdmin()]);
    await watcher.waitFor("a live connection", isLive);
    await lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "completed" });
    expect(await withTimeout(watcher.exited, 10_000, "exit after completion")).toBe(1);
    expect(watcher.stderr()).toMatch(/completed with 0 failed and 1 blocked result/);
  });

  it("an unreachable server exits 3 with one line; an unknown run exits 1 with the server's message", async () => {
    const port = await closedPort();
    const unreachable = await runCliProcess(["watch", "some-run", "--json", "--url", `http://127.0.0.1:${port}`]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stdout).toBe("");
    expect(isOneLine(unreachable.stderr)).toBe(true);
    expect(unreachable.stderr).toContain(`cannot reach the medi-test server at http://127.0.0.1:${port}`);

    const unknown = await runCliProcess(["watch", "no-such-run", "--json", ...asAdmin()]);
    expect(unknown.code).toBe(1);
    expect(isOneLine(unknown.stderr)).toBe(true);
    expect(unknown.stderr).toMatch(/the server refused \(404 /);
  });

  it("--all prints every run and follows them", async () => {
    const run = await createRun(lab, "Seen by --all", 2);
    const watcher = spawnCli(["watch", "--all", "--json", ...asAdmin()]);
    running.push(watcher);
    let out = "";
    watcher.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const linesWith = (predicate: (runs: ReadonlyArray<{ runId: string; counts: RunCounts }>) => boolean) =>
      out
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as { connection: string; runs: Array<{ runId: string; counts: RunCounts }> })
        .some((line) => line.connection === "live" && predicate(line.runs));
    await vi.waitFor(() => expect(linesWith((runs) => runs.some((r) => r.runId === run.id))).toBe(true), {
      timeout: 20_000,
      interval: 100,
    });
    await record(lab, run.id, itemId(run, 0), "failed");
    await vi.waitFor(
      () => expect(linesWith((runs) => runs.some((r) => r.runId === run.id && r.counts.failed === 1))).toBe(true),
      { timeout: 20_000, interval: 100 },
    );
    watcher.kill("SIGINT");
  });
});

describe("medi-test watch on a lab that hides its results", () => {
  it("a viewer token opens the stream (sent as Authorization); without one it exits 1", async () => {
    const hidden = await startTestLab({ requireReadToken: true });
    try {
      const run = await createRun(hidden, "Hidden", 2);
      const viewer = await hidden.api<{ token: string }>("POST", "/api/tokens", { name: "Wall", role: "viewer" });
      expect(viewer.status).toBe(201);
      const watcher = watch([run.id, "--json", "--url", hidden.url, "--token", viewer.body.token]);
      await watcher.waitFor("a live connection", isLive);
      await record(hidden, run.id, itemId(run, 0), "passed");
      await watcher.waitFor("1 passed", (line) => line.counts.passed === 1 && isLive(line));
      watcher.child.kill("SIGINT");
      expect(await withTimeout(watcher.exited, 10_000, "exit after SIGINT")).toBe(0);

      const refused = await runCliProcess(["watch", run.id, "--json", "--url", hidden.url]);
      expect(refused.code).toBe(1);
      expect(isOneLine(refused.stderr)).toBe(true);
      expect(refused.stderr).toContain("(give a token with --token or MEDI_TEST_TOKEN)");
    } finally {
      await hidden.close();
      removeDir(hidden.dataDir);
    }
  });
});

describe("medi-test watch into a pipe", () => {
  it("prints one plain line per change and a line per new failure, without escape codes", async () => {
    const run = await createRun(lab, "Piped", 3);
    const child = spawnCli(["watch", run.id, ...asAdmin()]);
    running.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    await vi.waitFor(() => expect(out).toMatch(/ · live\n/), { timeout: 20_000, interval: 100 });
    await record(lab, run.id, itemId(run, 0), "passed");
    await record(lab, run.id, itemId(run, 1), "failed", "no signal\nmore");
    await vi.waitFor(() => expect(out).toContain("2/3 done (66%)"), { timeout: 20_000, interval: 100 });
    const lines = out.trimEnd().split("\n");
    expect(
      lines.some((line) => /^\d\d:\d\d:\d\d Piped: running · 1\/3 done \(33%\) · ✓ 1 passed {2}✗ 0 failed/.test(line)),
    ).toBe(true);
    expect(lines.filter((line) => line.endsWith("✗ failed: Case 2 — no signal"))).toHaveLength(1);
    expect(out).not.toContain("\x1b");
    child.kill("SIGINT");
  });
});

describe("medi-test watch when the server goes away", () => {
  it("shows reconnecting, gives up with --give-up-after (exit 3), and recovers when the server is back", async () => {
    const dataDir = makeTempDir("medi-test-watch-restart-");
    let first: TestLab | undefined = await startTestLab({}, dataDir);
    let second: TestLab | undefined;
    try {
      const port = first.server.port;
      const run = await createRun(first, "Survives a restart", 3);
      const args = [run.id, "--json", "--url", first.url, "--token", first.adminToken];
      const staying = watch(args);
      const givingUp = watch([...args, "--give-up-after", "2"]);
      await staying.waitFor("a live connection", isLive);
      await givingUp.waitFor("a live connection", isLive);
      await record(first, run.id, itemId(run, 0), "passed");
      await staying.waitFor("1 passed", (line) => line.counts.passed === 1);

      await first.close();
      first = undefined;
      await staying.waitFor("reconnecting", (line) => line.connection === "reconnecting");
      await givingUp.waitFor("reconnecting", (line) => line.connection === "reconnecting");
      expect(await withTimeout(givingUp.exited, 15_000, "giving up")).toBe(3);
      expect(isOneLine(givingUp.stderr())).toBe(true);
      expect(givingUp.stderr()).toContain("cannot reach the medi-test server");
      expect(staying.child.exitCode).toBeNull();

      second = await startTestLab({ port }, dataDir);
      const back = staying.lines.length;
      await staying.waitFor("live again", (line) => staying.lines.indexOf(line) >= back && isLive(line), 30_000);
      // Resumed where it was, and it follows the restarted server's results.
      await record(second, run.id, itemId(run, 1), "passed");
      const resumed = await staying.waitFor("2 passed", (line) => line.counts.passed === 2);
      expect(resumed.connection).toBe("live");
      staying.child.kill("SIGINT");
      expect(await withTimeout(staying.exited, 10_000, "exit after SIGINT")).toBe(0);
    } finally {
      await first?.close();
      await second?.close();
      removeDir(dataDir);
    }
  });
});

describe("medi-test watch on a terminal", () => {
  it("redraws in place with the bars and counts; Ctrl-C restores the cursor and exits 0", async () => {
    const run = await createRun(lab, "On a terminal", 4);
    await record(lab, run.id, itemId(run, 0), "passed");
    await record(lab, run.id, itemId(run, 1), "failed", "display flicker");
    // `exec`: the command replaces the shell `script` starts. Without it a shell that does not
    // exec its last command (dash, when SHELL is unset) is killed by the same Ctrl-C.
    const command = `exec ${[process.execPath, cliEntry, "watch", run.id, "--url", lab.url, "--token", lab.adminToken]
      .map((word) => `'${word}'`)
      .join(" ")}`;
    // util-linux `script` runs the command on a pseudo-terminal; a Ctrl-C typed into it is SIGINT.
    const pty = spawn("script", ["-qfec", command, "/dev/null"], {
      env: cliEnv({ TERM: "xterm-256color", SHELL: "/bin/sh" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    running.push(pty);
    let out = "";
    pty.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((done) => pty.once("close", (code) => done(code)));
    await vi.waitFor(() => expect(out).toContain("live since"), { timeout: 20_000, interval: 100 });
    // A burst of 40 changes: redrawn at most 10 times a second, not once per change.
    const burstFrom = out.length;
    const burstStart = Date.now();
    for (let i = 0; i < 40; i++) await record(lab, run.id, itemId(run, 2), i % 2 === 0 ? "failed" : "passed");
    await vi.waitFor(() => expect(out).toContain("Done 3 of 4 (75%)"), { timeout: 20_000, interval: 100 });
    await new Promise((done) => setTimeout(done, 300));
    const burstMs = Date.now() - burstStart;
    const redraws = out.slice(burstFrom).split("\x1b[H").length - 1;
    expect(redraws).toBeGreaterThan(0);
    expect(redraws).toBeLessThanOrEqual(Math.ceil(burstMs / 100) + 2);
    expect(out.slice(-2_000)).toMatch(/✓ passed\s+█+░*\s+2/);
    pty.stdin?.write("\x03");
    expect(await withTimeout(exited, 10_000, "exit after Ctrl-C")).toBe(0);

    expect(out).toContain("\x1b[?25l"); // cursor hidden while drawing
    expect(out).toContain("\x1b[H"); // each redraw starts at home
    expect(out).toContain("\x1b[J");
    expect(out.trimEnd().endsWith("\x1b[?25h")).toBe(true); // and shown again at the end
    expect(out).toMatch(/✓ passed\s+█+░*\s+2/);
    expect(out).toMatch(/✗ failed\s+█+░*\s+1/);
    expect(out).toContain("Case 2 — display flicker");
    // NO_COLOR (cliEnv sets it): cursor codes, but no colours.
    for (const color of ["31", "32", "33", "35", "90"]) expect(out).not.toContain(`\x1b[${color}m`);
  });
});
