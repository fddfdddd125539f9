import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { isOneLine, runCliProcess, spawnCli } from "../support/cli-process.ts";
import { makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

vi.setConfig({ testTimeout: 180_000 });

/**
 * README "CI in five minutes", step by step with the real command against a real server: a token
 * for the job, a run, results from JUnit files, the `watch` gate, the HTML report.
 */
let lab: TestLab;
let files: string;

const fixture = (name: string): string => resolve(import.meta.dirname, "../fixtures/junit", name);

beforeAll(async () => {
  lab = await startTestLab();
  files = makeTempDir("medi-test-ci-flow-");
});
afterAll(async () => {
  await lab.close();
  removeDir(lab.dataDir);
  removeDir(files);
});

/** Starts `watch` as a CI step would and resolves with its exit code once its first line is out. */
const gate = async (env: Record<string, string>, runId: string) => {
  const child = spawnCli(["watch", runId, "--exit-on-failure", "--until-complete", "--json"], env);
  let stdout = "";
  let stderr = "";
  const firstLine = new Promise<void>((done) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('"connection":"live"')) done();
    });
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once("close", (code) => done(code)));
  await Promise.race([firstLine, exited]);
  return { exited, output: () => ({ stdout, stderr }), kill: () => child.kill("SIGKILL") };
};

describe("CI in five minutes", () => {
  it("a job's token, its run, JUnit results, a gate that waits for completion, and the report", async () => {
    // 1. Once, with the admin token: a tester token for the job.
    const created = await runCliProcess([
      "token",
      "create",
      "CI nightly",
      "--role",
      "tester",
      "--json",
      "--url",
      lab.url,
      "--token",
      lab.adminToken,
    ]);
    expect(created.code).toBe(0);
    const env = { MEDI_TEST_URL: lab.url, MEDI_TEST_TOKEN: (JSON.parse(created.stdout) as { token: string }).token };

    // 2. The run, then the job's results into it.
    const run = await runCliProcess(["run", "create", "Nightly 2026-12-02", "--label", "build=2.4.1"], env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const runId = run.stdout.trim();
    expect(runId).toMatch(/^\S+$/);
    const imported = await runCliProcess(["import", "junit", fixture("vitest.xml"), "--run", runId], env);
    expect(imported.code).toBe(0);

    // 3. The gate: every test passed, so it waits until the run is completed, then passes.
    const passing = await gate(env, runId);
    const early = await Promise.race([passing.exited, new Promise((done) => setTimeout(() => done("waiting"), 1_500))]);
    expect(early).toBe("waiting");
    const completed = await runCliProcess(["run", "status", runId, "completed"], env);
    expect(completed.stdout.trim()).toBe(`Run ${runId} "Nightly 2026-12-02" is completed.`);
    expect(await passing.exited).toBe(0);

    const detail = (await lab.api<TestRunDetail>("GET", `/api/test-runs/${runId}`)).body;
    expect(detail).toMatchObject({ status: "completed", labels: { build: "2.4.1" } });
    expect(detail.counts).toMatchObject({ total: 37, passed: 37, failed: 0 });

    // 4. The report, one file.
    const report = join(files, "medi-test-report.html");
    const exported = await runCliProcess(["export", runId, "--format", "html", "--out", report], env);
    expect(exported.code).toBe(0);
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, "utf8")).toContain("Nightly 2026-12-02");
  });

  it("a failing job fails the gate at once; `run status` refuses a bad status as bad usage", async () => {
    const env = { MEDI_TEST_URL: lab.url, MEDI_TEST_TOKEN: lab.adminToken };
    const imported = await runCliProcess(
      ["import", "junit", fixture("pytest.xml"), "--new", "Nightly with failures", "--json"],
      env,
    );
    expect(imported.code).toBe(0);
    const runId = (JSON.parse(imported.stdout) as { runId: string }).runId;
    const failing = await gate(env, runId);
    expect(await failing.exited).toBe(1);

    const bad = await runCliProcess(["run", "status", runId, "finished"], env);
    expect(bad.code).toBe(2);
    expect(isOneLine(bad.stderr)).toBe(true);
    const unknown = await runCliProcess(["run", "status", "no-such-run", "completed"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^medi-test: the server refused \(404 not_found\)/);
  });
});
