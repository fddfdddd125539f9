import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { itemAt, labPin, launchBrowser, pageBox, screenshot, signedInContext } from "./support/browser.ts";
import { readsLeftToRight, unisolatedOverrides } from "./support/text-layout.ts";

/**
 * What people type is shown as typed and never breaks a page: long unbroken strings at the
 * limits the API allows, and right-to-left overrides (U+202E) in names, titles and labels.
 */

const rlo = "\u202e";
/** An unbroken string of exactly `length` characters. */
const unbroken = (prefix: string, length: number): string => (prefix + "W".repeat(length)).slice(0, length);

let lab: TestLab;
let browser: Browser;
let longRun: TestRunDetail;
let bidiRun: TestRunDetail;

const issueTester = async (name: string): Promise<string> => {
  const issued = await lab.api<{ token: string }>("POST", "/api/tokens", { name, role: "tester" });
  if (issued.status !== 201) throw new Error(`token not issued: ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body.token;
};

const as = async (token: string, method: string, path: string, body: unknown): Promise<void> => {
  const response = await lab.api(method, path, body, { token });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
};

const createRun = async (body: unknown): Promise<TestRunDetail> => {
  const response = await lab.api<TestRunDetail>("POST", "/api/test-runs", body);
  if (response.status !== 201)
    throw new Error(`create run failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};

/** Results, a claim, a note and a comment on `run` by `token`, so every kind of text is on screen. */
const work = async (run: TestRunDetail, token: string, assignee: string, text: string): Promise<void> => {
  const base = `/api/test-runs/${run.id}`;
  await as(token, "PUT", `${base}/items/${itemAt(run, 0).id}`, { status: "failed", note: text });
  await as(token, "PUT", `${base}/items/${itemAt(run, 1).id}`, { assignee });
  await as(token, "POST", `${base}/comments`, { itemId: itemAt(run, 0).id, body: text });
  await as(token, "POST", `${base}/comments`, { body: text });
};

beforeAll(async () => {
  [lab, browser] = await Promise.all([startTestLab({ pin: labPin, labName: unbroken("Lab", 100) }), launchBrowser()]);
  const longSection = unbroken("Section", 300);
  longRun = await createRun({
    name: unbroken("Run", 200),
    labels: { [unbroken("key", 50)]: unbroken("value", 200), build: "2.4.1" },
    items: [
      { title: unbroken("Title", 500), section: longSection, key: unbroken("Key", 500) },
      { title: unbroken("Other", 500), section: longSection },
      { title: "Short one", section: "Plain" },
    ],
  });
  await work(longRun, await issueTester(unbroken("Tester", 100)), unbroken("Assignee", 100), unbroken("Note", 3_000));

  bidiRun = await createRun({
    name: `${rlo}evil run`,
    labels: { bench: `${rlo}A`, build: "2.4.1" },
    items: [
      { title: `${rlo}Case one`, section: `${rlo}Radio` },
      { title: "Case two", section: `${rlo}Radio` },
    ],
  });
  await work(bidiRun, await issueTester(`${rlo}Aiko`), `${rlo}Aiko`, `${rlo}comment`);
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

const viewports = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
] as const;

/** Signed in with the longest display name the lab takes, on every page. */
const contextAt = (width: number, height: number): Promise<BrowserContext> =>
  signedInContext(browser, lab, unbroken("Me", 60), { width, height });

const live = (page: Page) =>
  expect.poll(() => page.locator(".conn").first().getAttribute("data-phase"), { timeout: 10_000 }).toBe("live");

const expectNoSidewaysScroll = async (page: Page, what: string): Promise<void> => {
  const box = await pageBox(page);
  expect(
    box.scrollWidth,
    `${what}: ${box.scrollWidth} px of content in a ${box.innerWidth} px window`,
  ).toBeLessThanOrEqual(box.innerWidth);
};

describe("long unbroken text", () => {
  for (const { width, height } of viewports) {
    it(`never widens a page at ${width} px: wall, run board, run list, run page`, async () => {
      const context = await contextAt(width, height);
      const page = await context.newPage();

      await page.goto(`${lab.url}/board`);
      await live(page);
      await page.locator(`.tile[data-run-id="${longRun.id}"] .tile-failure-title`).waitFor();
      await expectNoSidewaysScroll(page, "wall");

      await page.goto(`${lab.url}/board/${longRun.id}`);
      await live(page);
      await expect.poll(() => page.locator(".feed-line").count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
      await expectNoSidewaysScroll(page, "run board");

      await page.goto(`${lab.url}/runs`);
      await live(page);
      await page.locator(`.run-card[data-run-id="${longRun.id}"]`).waitFor();
      await expectNoSidewaysScroll(page, "run list");

      await page.goto(`${lab.url}/runs/${longRun.id}`);
      await live(page);
      const first = page.locator(`.row[data-item-id="${itemAt(longRun, 0).id}"]`);
      await first.waitFor();
      // Focused: its buttons, its note and its comments are all open.
      await first.locator(".row-title").click();
      await first.locator(".comment").first().waitFor();
      await expectNoSidewaysScroll(page, "run page");
      // A result's toast names the 500-character title (item 0 keeps its failure for the wall).
      await page.locator(`.row[data-item-id="${itemAt(longRun, 1).id}"] .row-title`).click();
      await page.keyboard.press("p");
      await page.locator(".toast").waitFor();
      await expectNoSidewaysScroll(page, "run page with a toast");
      await screenshot(page, `long-text-run-page-${width}.png`);
      await context.close();
    });
  }
});

describe("right-to-left overrides in names, titles and labels", () => {
  it("stay inside their own text on every page: the words around them keep their order", async () => {
    const context = await contextAt(1366, 768);
    const page = await context.newPage();

    await page.goto(`${lab.url}/board`);
    await live(page);
    const tile = `.tile[data-run-id="${bidiRun.id}"]`;
    await page.locator(`${tile} .tile-testers`).waitFor();
    // "‮Aiko testing": without isolation the override runs on and draws "gnitset".
    expect(await readsLeftToRight(page, `${tile} .tile-testers`, "testing")).toBe(true);
    expect(await readsLeftToRight(page, `${tile} .tile-labels`, "build")).toBe(true);
    expect(await unisolatedOverrides(page)).toEqual([]);

    await page.goto(`${lab.url}/board/${bidiRun.id}`);
    await live(page);
    await expect.poll(() => page.locator(".feed-comment").count(), { timeout: 5_000 }).toBe(2);
    expect(await readsLeftToRight(page, ".feed-comment", "commented")).toBe(true);
    // The labels line is drawn with the run's header, which a busy machine may not have drawn yet.
    await page.locator(".rb-labels", { hasText: "build" }).waitFor();
    expect(await readsLeftToRight(page, ".rb-labels", "build")).toBe(true);
    expect(await unisolatedOverrides(page)).toEqual([]);

    await page.goto(`${lab.url}/runs`);
    await live(page);
    const card = `.run-card[data-run-id="${bidiRun.id}"]`;
    await page.locator(card).waitFor();
    expect(await readsLeftToRight(page, `${card} .run-card-meta`, "created")).toBe(true);
    expect(await unisolatedOverrides(page)).toEqual([]);

    await page.goto(`${lab.url}/runs/${bidiRun.id}`);
    await live(page);
    const claimed = `.row[data-item-id="${itemAt(bidiRun, 1).id}"]`;
    await page.locator(`${claimed} .row-claim`).waitFor();
    expect(await readsLeftToRight(page, `${claimed} .row-claim`, "this")).toBe(true);
    const first = page.locator(`.row[data-item-id="${itemAt(bidiRun, 0).id}"]`);
    await first.locator(".row-title").click();
    await first.locator(".comment").first().waitFor();
    await page.keyboard.press("p");
    await page.locator(".toast").waitFor();
    // "Recorded passed for “‮Case one”." — the closing quote and full stop stay after the title.
    expect(await page.locator(".toast-text").innerText()).toMatch(/^Recorded passed for “\u202eCase one”\.$/);
    expect(await readsLeftToRight(page, ".toast", "Recorded")).toBe(true);
    expect(await unisolatedOverrides(page)).toEqual([]);
    await context.close();
  });
});
