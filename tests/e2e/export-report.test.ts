import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Layer } from "effect";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Clock } from "../../server/application/ports/clock.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { runCliProcess } from "../support/cli-process.ts";
import { makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { launchBrowser, screenshot } from "./support/browser.ts";

/**
 * The HTML report of `medi-test export` in Chromium, opened from a file as someone would open an
 * attachment: it must show its numbers and chart and print, without a single request leaving
 * the file, and without an error or warning in the console.
 *
 * MEDI_TEST_REPORT_SCREENSHOT=1 also writes docs/images/export-report.png (the README's picture).
 */

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const hostile = "<script>alert('x')</script>";
const sections = ["Power", "Radio/Handover", "Alarms", "Display"] as const;

let lab: TestLab;
let browser: Browser;
let files: string;
let run: TestRunDetail;
/** The server's clock: the run's history spreads over two hours of it. */
let now = Date.now() - 3 * 3_600_000;

const must = async <T>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> => {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

/** A seeded lab morning: people record one result every few minutes, a CI job posts a section at once. */
const seed = async (): Promise<TestRunDetail> => {
  const items = Array.from({ length: 48 }, (_, i) => {
    const section = sections[i % sections.length] as string;
    return { title: `${section} check ${i + 1}`, section, key: `${section.replace("/", ".")}.check_${i + 1}` };
  });
  items[5] = { ...items[5], title: `Handover drops ${hostile}` } as (typeof items)[number];
  const created = await must(
    lab.api<TestRunDetail>("POST", "/api/test-runs", {
      name: "Release 2.4 · nightly regression",
      description: "Firmware 2.4.1-rc3 on units 3 and 7",
      labels: { build: "2.4.1-rc3", unit: "3,7" },
      items,
    }),
    "create run",
  );
  now += 5 * 60_000;
  await must(lab.api("PUT", `/api/test-runs/${created.id}/status`, { status: "running" }), "start");
  const testers = await Promise.all(
    ["Aiko", "Ken"].map(async (name) => {
      const issued = await must(lab.api<{ token: string }>("POST", "/api/tokens", { name, role: "tester" }), "token");
      return issued.token;
    }),
  );
  const ci = (await must(lab.api<{ token: string }>("POST", "/api/tokens", { name: "CI", role: "tester" }), "ci"))
    .token;
  const byKey = new Map(created.items.map((item) => [item.key, item]));
  for (let i = 0; i < 30; i++) {
    const item = created.items[i];
    if (item === undefined || item.section === "Display") continue;
    now += (2 + (i % 5)) * 60_000;
    const status = i === 5 || i === 17 ? "failed" : i === 10 ? "blocked" : i === 22 ? "skipped" : "passed";
    const note =
      status === "failed"
        ? `Call dropped after handover to cell B${i === 5 ? ` ${hostile}` : ""}`
        : status === "blocked"
          ? "Second unit not available"
          : null;
    await must(
      lab.api(
        "PUT",
        `/api/test-runs/${created.id}/items/${item.id}`,
        { status, durationMs: 60_000 + i * 7_000, ...(note === null ? {} : { note }) },
        { token: testers[i % 2] ?? null },
      ),
      `record ${i}`,
    );
    if (status === "failed")
      await must(
        lab.api(
          "POST",
          `/api/test-runs/${created.id}/comments`,
          { itemId: item.id, body: `Reproduced on unit 7${i === 5 ? ` ${hostile}` : ""}` },
          { token: testers[(i + 1) % 2] ?? null },
        ),
        "comment",
      );
  }
  // The CI job's batch: the Display section at once.
  now += 4 * 60_000;
  const display = created.items.filter((item) => item.section === "Display").slice(0, 9);
  await must(
    lab.api(
      "POST",
      `/api/test-runs/${created.id}/results`,
      {
        results: display.map((item, i) => ({
          key: item.key ?? "",
          status: i === 3 ? "failed" : "passed",
          durationMs: 800 + i * 100,
          ...(i === 3 ? { note: "Backlight flicker at 10 % brightness" } : {}),
        })),
      },
      { token: ci },
    ),
    "batch",
  );
  expect(byKey.size).toBe(48);
  for (let i = 30; i < 38; i++) {
    const item = created.items[i];
    if (item === undefined || item.section === "Display") continue;
    now += 3 * 60_000;
    await must(
      lab.api(
        "PUT",
        `/api/test-runs/${created.id}/items/${item.id}`,
        { status: "passed" },
        { token: testers[0] ?? null },
      ),
      `record ${i}`,
    );
  }
  await must(
    lab.api("POST", `/api/test-runs/${created.id}/comments`, { body: "Units swapped at 10:40" }),
    "run comment",
  );
  return must(lab.api<TestRunDetail>("GET", `/api/test-runs/${created.id}`), "get run");
};

beforeAll(async () => {
  [lab, browser] = await Promise.all([
    startTestLab({ labName: "Lab 3 · Device QA" }, makeTempDir(), {
      clock: Layer.succeed(Clock, Clock.of({ now: () => now })),
    }),
    launchBrowser(),
  ]);
  files = makeTempDir("medi-test-report-");
  run = await seed();
});
afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
  if (files !== undefined) removeDir(files);
});

interface Opened {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request other than the report file itself: recorded, and aborted. */
  readonly requests: string[];
  /** Console errors and warnings, and uncaught page errors. */
  readonly problems: string[];
}

const exportHtml = async (lang: "en" | "ja"): Promise<string> => {
  const out = join(files, `report-${lang}.html`);
  const result = await runCliProcess(
    ["export", run.id, "--format", "html", "--lang", lang, "--out", out, "--url", lab.url, "--token", lab.adminToken],
    {},
    60_000,
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return out;
};

const openReport = async (file: string, locale: string): Promise<Opened> => {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1100, height: 1500 }, locale });
  const requests: string[] = [];
  const problems: string[] = [];
  await context.route("**/*", async (route) => {
    if (route.request().url() === url) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  // Requests the router may not see (the browser's own, any scheme) are recorded too.
  page.on("request", (request) => {
    if (request.url() !== url) requests.push(request.url());
  });
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning")
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response === null || response.ok()).toBe(true);
  return { context, page, requests, problems };
};

describe("the exported HTML report in Chromium", () => {
  it("shows the summary and the chart from a file with no request of any kind, and prints to PDF", async () => {
    const file = await exportHtml("en");
    const { context, page, requests, problems } = await openReport(file, "en-GB");
    try {
      const c = run.counts;
      expect(c.failed).toBe(3);
      expect(c.blocked).toBe(1);
      for (const status of ["passed", "failed", "blocked", "skipped", "retest", "untested"] as const) {
        const tile = page.locator(`ul.counts li[data-status="${status}"]`);
        await expect.poll(() => tile.isVisible()).toBe(true);
        expect(await tile.locator(".n").textContent()).toBe(String(c[status]));
        // The glyph is drawn (inline SVG, no font needed) beside the label.
        const glyph = await tile.locator("svg.glyph").boundingBox();
        expect(glyph?.width ?? 0).toBeGreaterThan(8);
      }
      expect(await page.locator('[data-figure="total"] dd').textContent()).toBe(String(c.total));
      const rate = Math.round((c.passed / (c.passed + c.failed)) * 100);
      expect(await page.locator('[data-figure="pass-rate"] dd').textContent()).toBe(`${rate}%`);
      expect(await page.locator("h1").textContent()).toBe(run.name);

      // The chart: inline SVG, drawn, one point per change of the counts (the CI batch is one).
      const chart = page.locator("svg.chart");
      expect(await chart.isVisible()).toBe(true);
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(400);
      const points = Number(await chart.getAttribute("data-points"));
      expect(points).toBeGreaterThanOrEqual(25);
      const done = (await chart.locator("polyline.series-done").getAttribute("points")) ?? "";
      expect(done.trim().split(/\s+/)).toHaveLength(points);
      expect(await chart.locator("circle.done-point").count()).toBe(points);
      expect(await chart.locator("text.xlabel").count()).toBeGreaterThanOrEqual(3);

      // What people typed is text on the page, never markup.
      expect(await page.locator("script").count()).toBe(0);
      expect(await page.getByText(`Handover drops ${hostile}`).first().isVisible()).toBe(true);
      expect(await page.locator("article.problem").count()).toBe(c.failed + c.blocked);
      expect(await page.locator("section.items tbody tr").count()).toBe(c.total);

      await screenshot(page, "export-report.png");
      if (process.env.MEDI_TEST_REPORT_SCREENSHOT) {
        await page.screenshot({
          path: resolve(import.meta.dirname, "../../docs/images/export-report.png"),
          clip: { x: 0, y: 0, width: 1100, height: 1060 },
        });
      }

      const pdf = await page.pdf({ format: "A4", printBackground: true });
      expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // Summary and chart, then sections, failures and all items each from a new page.
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(4);

      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("the Japanese report is as quiet: no request, no console message", async () => {
    const file = await exportHtml("ja");
    expect(readFileSync(file, "utf8")).toContain('<html lang="ja">');
    const { context, page, requests, problems } = await openReport(file, "ja-JP");
    try {
      expect(await page.locator('ul.counts li[data-status="passed"]').textContent()).toContain("合格");
      expect(await page.locator("svg.chart").isVisible()).toBe(true);
      expect((await page.pdf({ format: "A4" })).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(requests).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("would have caught a request: the same page with an image by URL is recorded and refused", async () => {
    // The check itself must be able to fail: a report that tried to fetch shows up in both lists.
    const file = join(files, "leaky.html");
    const html = readFileSync(await exportHtml("en"), "utf8").replace(
      "</main>",
      '<img src="http://198.51.100.7/pixel.png" alt=""></main>',
    );
    writeFileSync(file, html);
    const { context, requests, problems } = await openReport(file, "en-GB");
    try {
      // The CSP refuses it (a console error says so), and the attempt is recorded all the same.
      expect(problems.some((p) => p.includes("Content Security Policy"))).toBe(true);
      expect(requests).toContain("http://198.51.100.7/pixel.png");
    } finally {
      await context.close();
    }
  });
});
