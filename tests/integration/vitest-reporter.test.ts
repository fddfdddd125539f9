import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { issueToken } from "../support/auth-helpers.ts";
import { openStream, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { runChild, trackArrivals } from "../support/live-reporter.ts";

/**
 * The live Vitest reporter against a real server: a real Vitest run in a child process records
 * each test on the run as it finishes — the stream sees results before the suite ends — and a
 * server that is away never fails the suite.
 */

const root = resolve(import.meta.dirname, "../..");
const config = resolve(root, "tests/fixtures/live-suite/vitest.config.ts");

const runSuite = (env: Record<string, string>) =>
  runChild(resolve(root, "node_modules/vitest/vitest.mjs"), ["run", "--config", config], root, { ...env });

let lab: TestLab;
let token: string;

beforeAll(async () => {
  lab = await startTestLab();
  token = (await issueToken(lab, "CI vitest", "tester")).token;
});

afterAll(async () => {
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

describe("the live Vitest reporter", () => {
  it("records each test as it finishes: the stream sees results before the suite ends", async () => {
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Live suite" }, { token });
    expect(created.status).toBe(201);
    const run = created.body;
    const stream = openStream(`${lab.url}/api/test-runs/${run.id}/stream`);
    await stream.waitFor(() => stream.events.some((e) => e.type === "snapshot"));
    const tracked = trackArrivals(stream);

    const finished = await runSuite({ MEDI_TEST_URL: lab.url, MEDI_TEST_TOKEN: token, MEDI_TEST_RUN: run.id });
    const arrivals = tracked.stop();

    // One test fails on purpose: the suite fails, the reporter does not change that.
    expect(finished.code).toBe(1);
    const detail = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(detail.body.counts).toMatchObject({ total: 5, passed: 3, failed: 1, skipped: 1 });
    const byTitle = new Map(detail.body.items.map((item) => [item.title, item]));
    expect(byTitle.get("rejects a wrong PIN")?.status).toBe("failed");
    expect(byTitle.get("rejects a wrong PIN")?.note).toContain("expected");
    expect(byTitle.get("rejects a wrong PIN")?.section).toBe("sample.suite.ts/login");
    expect(byTitle.get("rejects a wrong PIN")?.updatedBy).toBe("CI vitest");
    // Live: results arrived in more than one batch, the first well before the suite ended.
    expect(arrivals.length).toBeGreaterThan(1);
    const first = arrivals[0] ?? Number.POSITIVE_INFINITY;
    expect(finished.endedAt - first).toBeGreaterThan(1_000);
  });

  it("creates the run from MEDI_TEST_RUN_NAME", async () => {
    const finished = await runSuite({
      MEDI_TEST_URL: lab.url,
      MEDI_TEST_TOKEN: token,
      MEDI_TEST_RUN_NAME: "Nightly vitest",
      LIVE_SUITE_ALL_PASS: "1",
    });
    expect(finished.code).toBe(0);
    const runs = await lab.api<{ runs: TestRunDetail[] }>("GET", "/api/test-runs");
    const made = runs.body.runs.find((r) => r.name === "Nightly vitest");
    expect(made?.counts).toMatchObject({ total: 5, passed: 4, skipped: 1 });
  });

  it("never fails a suite when the server is away: one warning, the suite's own result", async () => {
    const finished = await runSuite({
      MEDI_TEST_URL: "http://127.0.0.1:1",
      MEDI_TEST_TOKEN: token,
      MEDI_TEST_RUN: "01ABSENT",
      LIVE_SUITE_ALL_PASS: "1",
    });
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain("is not answering");
    expect(finished.stderr).not.toMatch(/\n\s+at /);
  });

  it("is off, with one line saying why, when it has no settings", async () => {
    const finished = await runSuite({ MEDI_TEST_URL: "", MEDI_TEST_TOKEN: "", LIVE_SUITE_ALL_PASS: "1" });
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain("medi-test reporter: off — no server URL");
  });
});
