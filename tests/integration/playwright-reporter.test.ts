import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { issueToken } from "../support/auth-helpers.ts";
import { openStream, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { runChild, trackArrivals } from "../support/live-reporter.ts";

/**
 * The live Playwright reporter against a real server: a real Playwright Test run (no browser)
 * in a child process records each test's last attempt as it finishes.
 */

const root = resolve(import.meta.dirname, "../..");
const config = resolve(root, "tests/fixtures/live-playwright/playwright.config.ts");

const runSuite = (env: Record<string, string>) =>
  runChild(resolve(root, "node_modules/@playwright/test/cli.js"), ["test", "--config", config], root, {
    ...env,
    CI: "",
  });

let lab: TestLab;
let token: string;

beforeAll(async () => {
  lab = await startTestLab();
  token = (await issueToken(lab, "CI playwright", "tester")).token;
});

afterAll(async () => {
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

describe("the live Playwright reporter", () => {
  it("records each test's last attempt as it finishes, flaky ones as passed with a note", async () => {
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "E2E live" }, { token });
    const run = created.body;
    const stream = openStream(`${lab.url}/api/test-runs/${run.id}/stream`);
    await stream.waitFor(() => stream.events.some((e) => e.type === "snapshot"));
    const tracked = trackArrivals(stream);
    const finished = await runSuite({ MEDI_TEST_URL: lab.url, MEDI_TEST_TOKEN: token, MEDI_TEST_RUN: run.id });
    const arrivals = tracked.stop();

    expect(finished.code).toBe(1);
    const detail = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(detail.body.counts).toMatchObject({ total: 5, passed: 3, failed: 1, skipped: 1 });
    const byTitle = new Map(detail.body.items.map((item) => [item.title, item]));
    expect(byTitle.get("keeps keys typed before sign-in")?.status).toBe("passed");
    expect(byTitle.get("keeps keys typed before sign-in")?.note).toBe("flaky: passed on retry 1");
    expect(byTitle.get("says a conflict was not recorded")?.note).toContain("expect(received).toBe(expected)");
    expect(byTitle.get("says a conflict was not recorded")?.section).toBe("sample.pw.ts/tester page");
    expect(arrivals.length).toBeGreaterThan(1);
    expect(finished.endedAt - (arrivals[0] ?? Number.POSITIVE_INFINITY)).toBeGreaterThan(1_000);
  });

  it("never fails a suite when the server is away", async () => {
    const finished = await runSuite({
      MEDI_TEST_URL: "http://127.0.0.1:1",
      MEDI_TEST_TOKEN: token,
      MEDI_TEST_RUN: "01ABSENT",
      LIVE_SUITE_ALL_PASS: "1",
    });
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain("is not answering");
  });
});
