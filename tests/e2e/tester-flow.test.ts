import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import {
  getRun,
  labPin,
  launchBrowser,
  nth,
  pageOrder,
  record,
  screenshot,
  signedInContext,
} from "./support/browser.ts";

let lab: TestLab;
let browser: Browser;

beforeAll(async () => {
  [lab, browser] = await Promise.all([startTestLab({ pin: labPin }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

const statusOf = async (run: TestRunDetail, item: TestItem): Promise<string | undefined> =>
  (await getRun(lab, run.id)).items.find((i) => i.id === item.id)?.status;

/** What has the keyboard focus: an item row's id, or a conflict choice's action. */
const focusedThing = (page: Page): Promise<string | null> =>
  page.evaluate<string | null>(
    "document.activeElement?.getAttribute('data-item-id') ?? document.activeElement?.getAttribute('data-action') ?? null",
  );

describe("tester page", () => {
  it("says a result hit by someone else's change was not recorded, and keeps the focus on the choice", async () => {
    const run = await createRun(lab, "Conflict run", 4);
    const order = pageOrder(run);
    const context = await signedInContext(browser, lab, "Aiko");
    const page = await context.newPage();
    await page.goto(`${lab.url}/runs/${run.id}`);
    await expect.poll(() => focusedThing(page), { timeout: 5_000 }).toBe(nth(order, 0).id);
    await expect.poll(() => page.locator(".conn").getAttribute("data-phase"), { timeout: 5_000 }).toBe("live");

    // Aiko fails item 0 while offline; meanwhile it is passed by someone else.
    await context.setOffline(true);
    await page.keyboard.press("f");
    await expect.poll(() => focusedThing(page), { timeout: 10_000 }).toBe(nth(order, 1).id);
    await record(lab, run, nth(order, 0), "passed");
    await context.setOffline(false);

    const conflict = page.locator(`.row[data-item-id="${nth(order, 0).id}"] .conflict`);
    await expect.poll(() => conflict.count(), { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => page.locator(".toast-text").textContent(), { timeout: 10_000 })
      .toMatch(/^Not recorded: .+ changed “Case 1” first and set it to passed\. Keep yours \(failed\) or take .+'s\?$/);
    // The focus went from the next item to the question, and stays there until it is answered.
    await expect.poll(() => focusedThing(page), { timeout: 10_000 }).toBe("keep-mine");
    await page.keyboard.press("j");
    await page.keyboard.press("p");
    expect(await focusedThing(page)).toBe("keep-mine");
    await page.keyboard.press("Tab");
    expect(await focusedThing(page)).toBe("take-theirs");
    await page.keyboard.press("Tab");
    expect(await focusedThing(page)).toBe("keep-mine");
    expect(await statusOf(run, nth(order, 1))).toBe("untested");
    await screenshot(page, "tester-conflict-toast.png");

    await page.keyboard.press("Enter");
    await expect.poll(() => statusOf(run, nth(order, 0)), { timeout: 5_000 }).toBe("failed");
    expect(await conflict.count()).toBe(0);
    await expect.poll(() => focusedThing(page), { timeout: 10_000 }).toBe(nth(order, 0).id);
    await context.close();
  });

  it("keeps the keys pressed while signing in and applies them once the run is shown", async () => {
    const run = await createRun(lab, "Early keys run", 5);
    const order = pageOrder(run);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    // A slow sign-in, as on a busy lab network: the tester keeps typing meanwhile. The answer is
    // held until the keys are in (not for a fixed time a busy machine could outlast).
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/session", async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${lab.url}/login?next=${encodeURIComponent(`/runs/${run.id}`)}`);
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"), {
        timeout: 5_000,
      })
      .toBe("pin");
    await page.keyboard.type(labPin);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Ken");
    await page.keyboard.press("Enter");
    await page.keyboard.press("p");
    await page.keyboard.press("f");
    await page.keyboard.press("p");
    expect(page.url()).toContain("/login");
    release();

    await page.waitForURL(`**/runs/${run.id}`);
    await expect
      .poll(async () => {
        const current = await getRun(lab, run.id);
        return order.slice(0, 4).map((item) => current.items.find((i) => i.id === item.id)?.status);
      })
      .toEqual(["passed", "failed", "passed", "untested"]);
    expect((await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 0).id)?.updatedBy).toBe("Ken");
    await expect.poll(() => focusedThing(page), { timeout: 10_000 }).toBe(nth(order, 3).id);
    await context.close();
  });

  it("lists at least 10 runs on a 1366×768 laptop, with a search and status filters", async () => {
    const runs: TestRunDetail[] = [];
    for (let i = 1; i <= 14; i++) runs.push(await createRun(lab, `Bench ${String(i).padStart(2, "0")}`, 3));
    const done = runs[13];
    if (done === undefined) throw new Error("no run");
    for (const status of ["running", "completed"]) {
      const response = await lab.api("PUT", `/api/test-runs/${done.id}/status`, { status });
      if (response.status !== 200) throw new Error(`status change failed: ${response.status}`);
    }
    // 768 px of screen less the browser's own bars.
    const context = await signedInContext(browser, lab, "Mei", { width: 1366, height: 660 });
    const page = await context.newPage();
    await page.goto(`${lab.url}/runs`);
    await page.locator(`.run-card[data-run-id="${done.id}"]`).waitFor();

    const fullyVisible = (): Promise<number> =>
      page.evaluate<number>(
        "[...document.querySelectorAll('.run-card')].filter((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }).length",
      );
    await screenshot(page, "tester-run-list.png");
    expect(await fullyVisible()).toBeGreaterThanOrEqual(10);
    // Still readable: run names at 16 px or more, each status said in words beside its shape.
    const nameSize = await page.evaluate<number>(
      "parseFloat(getComputedStyle(document.querySelector('.run-card-name')).fontSize)",
    );
    expect(nameSize).toBeGreaterThanOrEqual(16);
    expect(await page.locator(`.run-card[data-run-id="${done.id}"] .run-card-status`).innerText()).toBe("completed");
    expect(await page.locator(`.run-card[data-run-id="${done.id}"] .run-card-status svg`).count()).toBe(1);
    await screenshot(page, "tester-run-list.png");

    await page.getByRole("searchbox", { name: "Search runs by name or label" }).fill("bench 1");
    await expect.poll(() => page.locator(".run-card").count(), { timeout: 10_000 }).toBe(5);
    await page.locator('[data-filter="completed"]').click();
    await expect.poll(() => page.locator(".run-card").count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(".run-card").getAttribute("data-run-id")).toBe(done.id);
    await page.locator('[data-filter="active"]').click();
    await expect.poll(() => page.locator(".run-card").count(), { timeout: 10_000 }).toBe(4);
    await page.getByRole("searchbox", { name: "Search runs by name or label" }).fill("no such run");
    await expect.poll(() => page.locator("main").innerText(), { timeout: 10_000 }).toContain("No run matches");
    await context.close();
  });
});
