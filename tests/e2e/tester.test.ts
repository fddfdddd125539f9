import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Comment } from "../../server/domain/comment.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import { createRun, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { getRun, labPin, launchBrowser, nth, pageOrder, screenshot, signedInContext } from "./support/browser.ts";

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

const row = (page: Page, item: TestItem) => page.locator(`.row[data-item-id="${item.id}"]`);

const focusedItemId = (page: Page): Promise<string | null> =>
  page.evaluate<string | null>("document.activeElement?.getAttribute('data-item-id') ?? null");

describe("tester pages", () => {
  it("works by keyboard alone: sign in with the PIN, record 5 results, add a comment", async () => {
    const run = await createRun(lab, "Keyboard run", 8);
    const order = pageOrder(run);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${lab.url}/login?next=${encodeURIComponent(`/runs/${run.id}`)}`);

    // The PIN field has the focus as soon as the page is up: no mouse needed.
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('name') ?? null"), {
        timeout: 5_000,
      })
      .toBe("pin");
    await page.keyboard.type(labPin);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Ken");
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/runs/${run.id}`);
    await expect.poll(() => focusedItemId(page), { timeout: 5_000 }).toBe(nth(order, 0).id);

    const keys = ["p", "p", "f", "b", "s"] as const;
    const expected = ["passed", "passed", "failed", "blocked", "skipped"] as const;
    for (const [index, key] of keys.entries()) {
      await page.keyboard.press(key);
      // Recording moves the focus on to the next item still to do.
      await expect.poll(() => focusedItemId(page), { timeout: 10_000 }).toBe(nth(order, index + 1).id);
    }
    await page.keyboard.press("c");
    await page.keyboard.type("Reproduced twice on bench B");
    await page.keyboard.press("Enter");

    await expect
      .poll(async () => {
        const current = await getRun(lab, run.id);
        return order.slice(0, 5).map((item) => current.items.find((i) => i.id === item.id)?.status);
      })
      .toEqual([...expected]);
    await expect
      .poll(
        async () => (await lab.api<{ comments: Comment[] }>("GET", `/api/test-runs/${run.id}/comments`)).body.comments,
        { timeout: 5_000 },
      )
      .toHaveLength(1);
    const saved = (await lab.api<{ comments: Comment[] }>("GET", `/api/test-runs/${run.id}/comments`)).body.comments[0];
    expect(saved?.body).toBe("Reproduced twice on bench B");
    expect(saved?.author).toBe("Ken");
    expect(saved?.itemId).toBe(nth(order, 5).id);
    const updated = await getRun(lab, run.id);
    expect(updated.items.find((i) => i.id === nth(order, 0).id)?.updatedBy).toBe("Ken");
    // The page shows what was recorded, and the comment under its item.
    await expect.poll(() => row(page, nth(order, 2)).getAttribute("data-status"), { timeout: 10_000 }).toBe("failed");
    await expect.poll(() => row(page, nth(order, 5)).locator(".comment").count(), { timeout: 10_000 }).toBe(1);

    // Undo instead of confirmation: u takes the last result back.
    await row(page, nth(order, 5)).focus();
    await page.keyboard.press("p");
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 5).id)?.status)
      .toBe("passed");
    await page.keyboard.press("u");
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 5).id)?.status)
      .toBe("untested");
    await context.close();
  });

  it("shows one tester's results live to another, and turns a stale edit into a choice", async () => {
    const run = await createRun(lab, "Shared bench", 6);
    const order = pageOrder(run);
    const [aiko, ken] = await Promise.all([
      signedInContext(browser, lab, "Aiko"),
      signedInContext(browser, lab, "Ken"),
    ]);
    const a = await aiko.newPage();
    const b = await ken.newPage();
    await Promise.all([a.goto(`${lab.url}/runs/${run.id}`), b.goto(`${lab.url}/runs/${run.id}`)]);
    for (const page of [a, b]) {
      await expect.poll(() => focusedItemId(page), { timeout: 5_000 }).toBe(nth(order, 0).id);
      await expect.poll(() => page.locator(".conn").getAttribute("data-phase"), { timeout: 5_000 }).toBe("live");
    }

    // Aiko records; Ken sees it within a second, highlighted and attributed.
    await a.keyboard.press("p");
    await expect.poll(() => row(b, nth(order, 0)).getAttribute("data-status"), { timeout: 10_000 }).toBe("passed");
    expect(await row(b, nth(order, 0)).locator(".row-changed").innerText()).toBe("changed by Aiko");

    // Ken takes the next item; Aiko sees "Ken is on this".
    await b.keyboard.press("j");
    await b.keyboard.press("o");
    await expect
      .poll(() => row(a, nth(order, 1)).locator(".row-claim").innerText(), { timeout: 10_000 })
      .toBe("Ken is on this");

    // Aiko's network drops while she fails item 1; Ken passes it meanwhile.
    await aiko.setOffline(true);
    await a.keyboard.press("f");
    await expect
      .poll(() => a.getByTestId("offline-banner").innerText(), { timeout: 5_000 })
      .toContain("The server didn't answer — your result is kept and will be sent.");
    expect(await row(a, nth(order, 1)).getAttribute("data-status")).toBe("failed");
    await b.keyboard.press("p");
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 1).id)?.status)
      .toBe("passed");

    // Back online: her result is sent with the version she saw, and the conflict is a question.
    await aiko.setOffline(false);
    const conflict = row(a, nth(order, 1)).locator(".conflict");
    await expect.poll(() => conflict.count(), { timeout: 20_000 }).toBe(1);
    expect(await conflict.locator(".conflict-text").textContent()).toMatch(
      /^Ken marked this passed (just now|\S+ ago) — keep yours \(failed\) or take Ken's\?$/,
    );
    await screenshot(a, "tester-conflict.png");
    await conflict.locator('[data-action="keep-mine"]').click();
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 1).id)?.status)
      .toBe("failed");
    await expect.poll(() => row(b, nth(order, 1)).getAttribute("data-status"), { timeout: 10_000 }).toBe("failed");
    expect(await conflict.count()).toBe(0);

    // Once more, and this time she takes Ken's.
    await a.locator(`.row[data-item-id="${nth(order, 2).id}"]`).focus();
    await aiko.setOffline(true);
    await a.keyboard.press("b");
    await expect.poll(() => a.getByTestId("offline-banner").count(), { timeout: 5_000 }).toBe(1);
    await b.locator(`.row[data-item-id="${nth(order, 2).id}"]`).focus();
    await b.keyboard.press("s");
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 2).id)?.status)
      .toBe("skipped");
    await aiko.setOffline(false);
    const second = row(a, nth(order, 2)).locator(".conflict");
    await expect.poll(() => second.count(), { timeout: 20_000 }).toBe(1);
    await second.locator('[data-action="take-theirs"]').click();
    await expect.poll(() => row(a, nth(order, 2)).getAttribute("data-status"), { timeout: 10_000 }).toBe("skipped");
    expect(await second.count()).toBe(0);
    expect(await row(a, nth(order, 2)).locator(".row-pending").count()).toBe(0);
    expect((await getRun(lab, run.id)).items.find((i) => i.id === nth(order, 2).id)?.status).toBe("skipped");
    await screenshot(b, "tester-run.png");
    await aiko.close();
    await ken.close();
  });

  it("creates a run from pasted titles, and explains what is wrong with a CSV", async () => {
    const context = await signedInContext(browser, lab, "Mei");
    const page = await context.newPage();
    await page.goto(`${lab.url}/runs`);
    await page.getByLabel("Name", { exact: true }).fill("Pasted run");
    await page.getByLabel("Labels (key=value, comma separated)").fill("build=2.5, bench=C");
    await page
      .getByLabel("Test items — one per line: Section / Title")
      .fill("Radio/Handover / Handover 5G→LTE\nRadio/Handover / RX/TX switch\n\nDisplay / Max brightness");
    expect(await page.locator(".form .hint[aria-live]").innerText()).toBe("3 items in 2 sections");

    await page.locator('input[type="file"]').setInputFiles({
      name: "plan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        'title,section,key\n"Wake, on alarm",Power/Sleep,PWR-1\n,Power/Sleep,PWR-2\nDeep sleep,Power/Sleep,PWR-1\n',
      ),
    });
    const errors = page.locator(".form-error .issues li");
    await expect
      .poll(() => errors.allInnerTexts())
      .toEqual(["Line 3: the title is empty.", "Line 4: key “PWR-1” is already used on line 2."]);
    expect(await page.getByRole("button", { name: "Create run" }).isDisabled()).toBe(true);

    // Back to the pasted list (typing replaces the file) and create.
    await page
      .getByLabel("Test items — one per line: Section / Title")
      .fill("Radio/Handover / Handover 5G→LTE\nRadio/Handover / RX/TX switch\nDisplay / Max brightness");
    await page.getByRole("button", { name: "Create run" }).click();
    await page.waitForURL(/\/runs\/[0-9A-Z]+$/);
    const id = page.url().split("/").pop() ?? "";
    const created = await getRun(lab, id);
    expect(created.name).toBe("Pasted run");
    expect(created.labels).toEqual({ build: "2.5", bench: "C" });
    expect(created.items.map((item) => [item.section, item.title])).toEqual([
      ["Radio/Handover", "Handover 5G→LTE"],
      ["Radio/Handover", "RX/TX switch"],
      ["Display", "Max brightness"],
    ]);
    await context.close();
  });

  it("starts, completes and reopens a run from its page, with undo; a move the run does not allow is not offered", async () => {
    const run = await createRun(lab, "Status run", 3);
    const context = await signedInContext(browser, lab, "Rin", { locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${lab.url}/runs/${run.id}`);
    const controls = page.locator('[data-key="run-status"]');
    const offered = () =>
      controls.locator("button").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-status")));
    // A planned run can be started or aborted, nothing else; the words are Japanese here.
    await expect.poll(offered, { timeout: 10_000 }).toEqual(["running", "aborted"]);
    expect(await controls.innerText()).toContain("予定");

    await controls.locator('button[data-status="running"]').click();
    await expect.poll(async () => (await getRun(lab, run.id)).status, { timeout: 5_000 }).toBe("running");
    await expect.poll(offered, { timeout: 5_000 }).toEqual(["paused", "completed", "aborted"]);

    await controls.locator('button[data-status="completed"]').click();
    await expect.poll(async () => (await getRun(lab, run.id)).status, { timeout: 5_000 }).toBe("completed");
    await expect.poll(() => page.locator(".toast-text").innerText(), { timeout: 5_000 }).toContain("完了");
    // Undo puts it back to running (completed → running is allowed).
    await page.locator(".toast .btn").click();
    await expect.poll(async () => (await getRun(lab, run.id)).status, { timeout: 5_000 }).toBe("running");
    await expect.poll(offered, { timeout: 5_000 }).toEqual(["paused", "completed", "aborted"]);
    await screenshot(page, "tester-run-status-ja.png");
    await context.close();
  });
});
