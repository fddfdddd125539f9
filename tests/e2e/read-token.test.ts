import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, removeDir, sleep, startTestLab, type TestLab } from "../support/lab-server.ts";
import { getRun, itemAt, labPin, launchBrowser, record } from "./support/browser.ts";

/** A lab started with --require-read-token: nothing is shown to anyone without a credential. */
let lab: TestLab;
let browser: Browser;
let viewerToken: string;

beforeAll(async () => {
  [lab, browser] = await Promise.all([startTestLab({ pin: labPin, requireReadToken: true }), launchBrowser()]);
  const issued = await lab.api<{ token: string }>("POST", "/api/tokens", { name: "Wall 1", role: "viewer" });
  if (issued.status !== 201) throw new Error(`token not issued: ${issued.status}`);
  viewerToken = issued.body.token;
});

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

interface Traffic {
  /** Requests the page made to `/api/...`, with the credential each carried. */
  readonly api: Array<{ readonly path: string; readonly header: boolean; readonly query: boolean }>;
  /** Document loads (a reload loop shows here). */
  documents: number;
}

const openPage = async (path: string, locale = "en-US"): Promise<{ page: Page; traffic: Traffic }> => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale });
  const page = await context.newPage();
  const traffic: Traffic = { api: [], documents: 0 };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (request.resourceType() === "document") traffic.documents += 1;
    if (!url.pathname.startsWith("/api/")) return;
    const header = request.headers().authorization;
    traffic.api.push({
      path: url.pathname,
      header: header?.startsWith("Bearer ") === true,
      query: url.searchParams.has("access_token"),
    });
  });
  await page.goto(`${lab.url}${path}`);
  return { page, traffic };
};

const tile = (page: Page, run: TestRunDetail) => page.locator(`.tile[data-run-id="${run.id}"]`);
const passedOn = (page: Page, run: TestRunDetail) =>
  tile(page, run).locator('.count[data-status="passed"] .count-n').innerText();
const live = (page: Page) =>
  expect.poll(() => page.locator(".conn").first().getAttribute("data-phase"), { timeout: 10_000 }).toBe("live");

describe("a lab that requires a read token", () => {
  it("shows the wall and the run board opened with ?access_token=, live, and keeps the token across reloads and links", async () => {
    const run = await createRun(lab, "Hidden regression", 6);
    const { page, traffic } = await openPage(`/board?access_token=${encodeURIComponent(viewerToken)}`);
    await live(page);
    await tile(page, run).waitFor();
    await record(lab, run, itemAt(run, 0), "passed");
    await expect.poll(() => passedOn(page, run), { timeout: 10_000 }).toBe("1");
    // Every request carried it: headers on fetches, the query on the stream.
    expect(traffic.api.length).toBeGreaterThan(0);
    for (const request of traffic.api) expect(request.header || request.query, request.path).toBe(true);
    expect(traffic.api.some((request) => request.path === "/api/stream" && request.query)).toBe(true);

    // A kiosk reloads: still live, still showing the run.
    await page.reload();
    await live(page);
    await record(lab, run, itemAt(run, 1), "passed");
    await expect.poll(() => passedOn(page, run), { timeout: 10_000 }).toBe("2");
    await page.context().close();

    // From the run list (read-only with the same token) to the run board: the link carries it.
    const list = await openPage(`/runs?access_token=${encodeURIComponent(viewerToken)}`);
    const boardLink = list.page.locator(`.run-card[data-run-id="${run.id}"] a[href^="/board/"]`);
    expect(await boardLink.getAttribute("href")).toContain(`access_token=${encodeURIComponent(viewerToken)}`);
    await boardLink.click();
    await list.page.waitForURL(`**/board/${run.id}?access_token=*`);
    await expect.poll(() => list.page.locator(".cell").count(), { timeout: 10_000 }).toBe(6);
    await live(list.page);
    await record(lab, run, itemAt(run, 2), "failed");
    await expect.poll(() => list.page.locator('.cell[data-status="failed"]').count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => list.page.locator(".feed-line").first().innerText(), { timeout: 10_000 })
      .toContain(itemAt(run, 2).title);
    await list.page.context().close();
  });

  it("tells a board without a token, or with a revoked one, which credential is missing instead of reconnecting forever", async () => {
    const run = await createRun(lab, "Not for everyone", 2);
    for (const path of ["/board", `/board/${run.id}`]) {
      const { page, traffic } = await openPage(path);
      const notice = page.getByTestId("access-notice");
      await notice.waitFor({ timeout: 10_000 });
      expect(await notice.getAttribute("data-refusal")).toBe("read-token-missing");
      expect(await notice.innerText()).toContain("This board needs a read token: open it with ?access_token=");
      // No loop: one page load, and the stream is not tried again and again.
      await sleep(3_000);
      expect(traffic.documents).toBe(1);
      expect(traffic.api.filter((request) => request.path === "/api/stream").length).toBeLessThanOrEqual(1);
      expect(await page.locator(".tile, .cell").count()).toBe(0);
      await page.context().close();
    }

    const { page } = await openPage("/board", "ja-JP");
    await page.getByTestId("access-notice").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("access-notice").innerText()).toContain("閲覧トークンが必要です");
    await page.context().close();

    const revoked = await lab.api<{ id: string; token: string }>("POST", "/api/tokens", {
      name: "Old wall",
      role: "viewer",
    });
    expect((await lab.api("DELETE", `/api/tokens/${revoked.body.id}`)).status).toBe(200);
    const stale = await openPage(`/board?access_token=${encodeURIComponent(revoked.body.token)}`);
    await stale.page.getByTestId("access-notice").waitFor({ timeout: 10_000 });
    expect(await stale.page.getByTestId("access-notice").getAttribute("data-refusal")).toBe("read-token-rejected");
    expect(await stale.page.getByTestId("access-notice").innerText()).toContain("read token is not valid");
    await stale.page.context().close();
  });

  it("lets a tester sign in with the lab PIN and record a result", async () => {
    const run = await createRun(lab, "Bench run", 3);
    const { page } = await openPage(`/runs/${run.id}`);
    // Not signed in and no token: the page says so and offers the sign-in.
    const notice = page.getByTestId("access-notice");
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.getAttribute("data-refusal")).toBe("read-token-missing");
    await notice.getByRole("link").click();
    await page.waitForURL("**/login?next=*");

    await page.locator('input[name="pin"]').fill("000000");
    await page.locator('input[name="name"]').fill("Aiko");
    await page.locator('button[type="submit"]').click();
    await expect
      .poll(() => page.locator(".form-error").innerText(), { timeout: 5_000 })
      .toBe("That PIN is not this lab's PIN.");

    await page.locator('input[name="pin"]').fill(labPin);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`**/runs/${run.id}`);
    await live(page);
    const first = page.locator(`.row[data-item-id="${itemAt(run, 0).id}"]`);
    await first.waitFor({ timeout: 10_000 });
    await first.click();
    await first.locator('button[data-result="passed"]').click();
    await expect
      .poll(async () => (await getRun(lab, run.id)).items.find((item) => item.id === itemAt(run, 0).id)?.status, {
        timeout: 5_000,
      })
      .toBe("passed");
    const saved = (await getRun(lab, run.id)).items.find((item) => item.id === itemAt(run, 0).id);
    expect(saved?.updatedBy).toBe("Aiko");
    // Another tester's result arrives live over the tester's own stream.
    await record(lab, run, itemAt(run, 1), "failed");
    await expect
      .poll(() => page.locator(`.row[data-item-id="${itemAt(run, 1).id}"]`).getAttribute("data-status"), {
        timeout: 2_000,
      })
      .toBe("failed");
    await page.context().close();
  });
});
