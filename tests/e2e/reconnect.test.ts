import type { Browser, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRun, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { itemAt, labPin, launchBrowser, record, screenshot } from "./support/browser.ts";

/** Heartbeats every second, so "two missed heartbeats" takes seconds, not half a minute. */
const heartbeatMs = 1_000;

let browser: Browser;
const labs: TestLab[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  for (const lab of labs) await lab.close();
  const dir = labs[0]?.dataDir;
  if (dir !== undefined) removeDir(dir);
});

describe("wall board across a server restart", () => {
  it("goes reconnecting, then stale, then LIVE again with every update made while it was away", async () => {
    const first = await startTestLab({ pin: labPin, heartbeatMs });
    labs.push(first);
    const run = await createRun(first, "Power DVT", 12);
    await record(first, run, itemAt(run, 0), "passed");

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const streamUrls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/api/stream")) streamUrls.push(request.url());
    });
    await page.goto(`${first.url}/board`);
    const badge = page.locator(".conn");
    const tile = page.locator(`.tile[data-run-id="${run.id}"]`);
    const passed = tile.locator('.count[data-status="passed"] .count-n');
    await expect.poll(() => badge.getAttribute("data-phase"), { timeout: 10_000 }).toBe("live");
    await expect.poll(() => passed.innerText(), { timeout: 5_000 }).toBe("1");
    // Two heartbeats on one connection teach the page the server's interval.
    await page.waitForTimeout(2.5 * heartbeatMs);

    await first.close();
    await expect.poll(() => badge.getAttribute("data-phase"), { timeout: 5_000 }).toBe("reconnecting");
    expect(await badge.innerText()).toContain("reconnecting");
    await expect.poll(() => badge.getAttribute("data-phase"), { timeout: 10_000 }).toBe("stale");
    expect(await badge.innerText()).toMatch(/stale since \d\d:\d\d:\d\d/);
    expect(await page.locator(".wall").getAttribute("class")).toContain("is-stale");
    await screenshot(page, "board-stale.png");

    // The same data dir and port; the page is kept off it until the updates are made, so they
    // can only reach it through the replay from its last event id.
    const blocked = (route: Route) => route.abort("connectionrefused");
    await page.route("**/api/stream**", blocked);
    const second = await startTestLab({ pin: labPin, heartbeatMs, port: first.server.port }, first.dataDir);
    labs.push(second);
    await record(second, run, itemAt(run, 1), "passed");
    await record(second, run, itemAt(run, 2), "failed");
    await record(second, run, itemAt(run, 3), "blocked");
    await record(second, run, itemAt(run, 4), "passed");
    const before = streamUrls.length;
    await page.unroute("**/api/stream**", blocked);

    await expect.poll(() => badge.getAttribute("data-phase"), { timeout: 30_000 }).toBe("live");
    await expect.poll(() => passed.innerText(), { timeout: 5_000 }).toBe("3");
    expect(await tile.locator('.count[data-status="failed"] .count-n').innerText()).toBe("1");
    expect(await tile.locator('.count[data-status="blocked"] .count-n').innerText()).toBe("1");
    expect(await tile.getByTestId("tile-pct").innerText()).toBe("42%");
    expect(await page.locator(".wall").getAttribute("class")).not.toContain("is-stale");
    // It came back by resuming from its last event, not by starting over.
    const resumed = streamUrls.slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((url) => /[?&]lastEventId=\d+/.test(url))).toBe(true);
    await context.close();
  });
});
