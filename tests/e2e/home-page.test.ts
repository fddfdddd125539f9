import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { launchBrowser } from "./support/browser.ts";

/**
 * The plain live page a server shows at `/` when the boards are not built (`npm run dev` from a
 * fresh clone, or a renderer build that failed at `npm start`): every run with its counts, live.
 */
let lab: TestLab;
let browser: Browser;
let noBoards: string;

beforeAll(async () => {
  // A renderer folder without index.html: the server serves its plain page instead.
  noBoards = makeTempDir("medi-test-no-boards-");
  [lab, browser] = await Promise.all([startTestLab({}, makeTempDir(), { rendererDir: noBoards }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
  if (noBoards !== undefined) removeDir(noBoards);
});

interface Opened {
  readonly page: Page;
  /** Uncaught errors, console errors and failed requests of the page. */
  readonly problems: string[];
}

const openHome = async (): Promise<Opened> => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  // The page has no icon: the browser's own request for one is no problem of the page.
  page.on("response", (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== "/favicon.ico")
      problems.push(`${response.status()} ${response.url()}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource"))
      problems.push(message.text());
  });
  const response = await page.goto(`${lab.url}/`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
  await expect.poll(() => page.locator("#badge").getAttribute("class"), { timeout: 10_000 }).toBe("live");
  return { page, problems };
};

const runLine = (page: Page, run: TestRunDetail) => page.locator(".run").filter({ hasText: run.name });

describe("the plain live page (no boards built)", () => {
  it("shows the runs of the snapshot, and a bulk import from a CI job as soon as it is recorded", async () => {
    const run = await createRun(lab, "CI nightly", 40);
    const { page, problems } = await openHome();
    await runLine(page, run).waitFor({ timeout: 10_000 });
    expect(await runLine(page, run).locator(".counts").innerText()).toContain("0 / 40 · planned");

    // One POST: the stream sends it as one `batch` (the run starts, then one part per result).
    const results = run.items.map((item, i) => ({ itemId: item.id, status: i % 8 === 0 ? "failed" : "passed" }));
    const recorded = await lab.api<{ counts: RunCounts }>("POST", `/api/test-runs/${run.id}/results`, { results });
    expect(recorded.status).toBe(200);
    expect(recorded.body.counts).toMatchObject({ total: 40, passed: 35, failed: 5 });

    await expect
      .poll(() => runLine(page, run).locator(".counts").innerText(), { timeout: 5_000 })
      .toContain("40 / 40 · running");
    const counts = await runLine(page, run).locator(".counts").innerText();
    expect(counts).toContain("✓ 35");
    expect(counts).toContain("✗ 5");
    expect(await runLine(page, run).locator(".name").innerText()).toBe("✗ CI nightly — 100%");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("takes a run created and a second import while open, and leaves the other runs as they are", async () => {
    const { page, problems } = await openHome();
    const quiet = await createRun(lab, "Quiet run", 3);
    const busy = await createRun(lab, "Busy run", 6);
    await runLine(page, busy).waitFor({ timeout: 5_000 });
    await runLine(page, quiet).waitFor({ timeout: 5_000 });
    const half = busy.items.slice(0, 3).map((item) => ({ itemId: item.id, status: "passed" }));
    expect((await lab.api("POST", `/api/test-runs/${busy.id}/results`, { results: half })).status).toBe(200);
    await expect
      .poll(() => runLine(page, busy).locator(".counts").innerText(), { timeout: 5_000 })
      .toContain("3 / 6 · running");
    const rest = busy.items.slice(3).map((item) => ({ itemId: item.id, status: "blocked" }));
    expect((await lab.api("POST", `/api/test-runs/${busy.id}/results`, { results: rest })).status).toBe(200);
    await expect
      .poll(() => runLine(page, busy).locator(".counts").innerText(), { timeout: 5_000 })
      .toContain("6 / 6 · running");
    expect(await runLine(page, busy).locator(".counts").innerText()).toContain("⛔ 3");
    expect(await runLine(page, quiet).locator(".counts").innerText()).toContain("0 / 3 · planned");
    expect(problems).toEqual([]);
    await page.close();
  });
});
