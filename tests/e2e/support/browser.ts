import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { TestItem } from "../../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../../server/domain/test-run.ts";
import type { TestLab } from "../../support/lab-server.ts";
import { expect } from "vitest";

/** Debian's Chromium, never a downloaded one; flags keep it quiet and offline. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.MEDI_TEST_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--headless",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });

/** The PIN every e2e lab uses. */
export const labPin = "135790";

export const resultsDir = resolve(import.meta.dirname, "../../../test-results");

export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, name);
  await page.screenshot({ path });
  return path;
};

export interface TesterSession {
  readonly token: string;
  readonly name: string;
  readonly id: string;
}

export const startSession = async (lab: TestLab, name: string): Promise<TesterSession> => {
  const response = await lab.api<TesterSession>("POST", "/api/session", { pin: labPin, name }, { token: null });
  if (response.status !== 201) throw new Error(`sign-in failed: ${response.status}`);
  return response.body;
};

/** A browser context already signed in as `name` (the session the login page would store). */
export const signedInContext = async (
  browser: Browser,
  lab: TestLab,
  name: string,
  options: { readonly width?: number; readonly height?: number; readonly locale?: string } = {},
): Promise<BrowserContext> => {
  const session = await startSession(lab, name);
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    locale: options.locale ?? "en-US",
  });
  await context.addInitScript(
    ([key, value]) => {
      // Runs in the page, where localStorage exists.
      (globalThis as unknown as { localStorage: { setItem: (k: string, v: string) => void } }).localStorage.setItem(
        key,
        value,
      );
    },
    ["medi-test.session", JSON.stringify(session)] as const,
  );
  return context;
};

/** Sets an item's status through the API (as the admin), like a CI job or another tester would. */
export const record = async (lab: TestLab, run: TestRunDetail, item: TestItem, status: string): Promise<TestItem> => {
  const response = await lab.api<TestItem>("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status });
  if (response.status !== 200) throw new Error(`update failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

/** Items in the order the tester page lists them: by section (first appearance), then position. */
export const pageOrder = (run: TestRunDetail): TestItem[] => {
  const first = new Map<string, number>();
  for (const item of run.items) first.set(item.section, Math.min(first.get(item.section) ?? Infinity, item.position));
  return [...run.items].sort(
    (a, b) => (first.get(a.section) ?? 0) - (first.get(b.section) ?? 0) || a.position - b.position,
  );
};

export const nth = (items: ReadonlyArray<TestItem>, index: number): TestItem => {
  const item = items[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
};

export const itemAt = (run: TestRunDetail, index: number): TestItem => {
  const item = run.items[index];
  if (item === undefined) throw new Error(`run has no item ${index}`);
  return item;
};

export const getRun = async (lab: TestLab, runId: string): Promise<TestRunDetail> => {
  const response = await lab.api<TestRunDetail>("GET", `/api/test-runs/${runId}`);
  if (response.status !== 200) throw new Error(`get run failed: ${response.status}`);
  return response.body;
};

export interface PageBox {
  readonly scrollWidth: number;
  readonly scrollHeight: number;
  readonly innerWidth: number;
  readonly innerHeight: number;
}

/** Page and viewport sizes (an excess means a scrollbar). */
export const pageBox = (page: Page): Promise<PageBox> =>
  page.evaluate<PageBox>(
    "({ scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight, innerWidth: window.innerWidth, innerHeight: window.innerHeight })",
  );

/** Where the board's main boxes are and what the layout decided: unchanged once it has settled. */
const layoutFingerprint = `(() => {
  const boxes = [...document.querySelectorAll(".wall-grid, .tile, .heatmap, .hm-section, .chart-box, .feed, .feed-line")]
    .map((e) => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round).join(","); });
  const decided = [...document.querySelectorAll("[data-cell], [data-lanes], [data-level], [data-y-axis-size]")]
    .map((e) => [e.dataset.cell, e.dataset.lanes, e.dataset.level, e.dataset.yAxisSize].join("/"));
  return boxes.join(";") + "|" + decided.join(";");
})()`;

/**
 * Waits until the layout is the same on two looks 250 ms apart (the map measured, the chart
 * drawn, the fonts in): a fixed pause could end before that on a busy machine.
 */
export const layoutSettled = async (page: Page): Promise<void> => {
  let last = "";
  await expect
    .poll(
      async () => {
        const now = await page.evaluate<string>(layoutFingerprint);
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
};
