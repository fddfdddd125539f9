import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { type SeededRun, seedLab, type SeedShape } from "../support/lab-seed.ts";
import { labPin, launchBrowser, pageBox, screenshot, layoutSettled } from "./support/browser.ts";

/**
 * The wall at a real lab's size: 40 runs (one of them 2,000 items, failing, blocked, paused and
 * finished ones) on a 768p TV, a 1080p monitor and a 4K screen, in English and Japanese.
 */

let lab: TestLab;
let browser: Browser;
let seeded: SeededRun[];

beforeAll(async () => {
  [lab, browser] = await Promise.all([startTestLab({ pin: labPin }), launchBrowser()]);
  seeded = await seedLab(lab, 40);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

const openWall = async (width: number, height: number, locale: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  await page.goto(`${lab.url}/board?rotate=off`);
  await expect.poll(() => page.locator(".conn").getAttribute("data-phase"), { timeout: 15_000 }).toBe("live");
  await expect.poll(() => page.locator(".tile").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await layoutSettled(page);
  return page;
};

/** What needs a person, most first, judged from what the run holds (not from the page's code). */
const expectedRank = (shape: SeedShape): number => {
  const active = shape.status !== "completed" && shape.status !== "aborted";
  if (!active) return 4;
  if (shape.failed > 0) return 1;
  if (shape.blocked > 0) return 2;
  return 3;
};

interface Overflow {
  readonly runId: string | null;
  readonly key: string;
  readonly text: string;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly outside: boolean;
}

/**
 * Key fields (marked data-key) that are cut: wider than their box, or reaching outside the tile
 * or strip that holds them.
 */
const cutKeyFields = (page: Page): Promise<Overflow[]> =>
  page.evaluate<Overflow[]>(`(() => {
    const out = [];
    for (const el of document.querySelectorAll(".wall [data-key], .wall .tile-counts")) {
      const holder = el.closest(".tile, .wall-summary, .wall-head");
      const box = el.getBoundingClientRect();
      const outer = holder.getBoundingClientRect();
      const outside = box.left < outer.left - 0.5 || box.right > outer.right + 0.5 || box.bottom > outer.bottom + 0.5;
      if (el.scrollWidth > el.clientWidth || outside) {
        out.push({
          runId: el.closest(".tile")?.getAttribute("data-run-id") ?? null,
          key: el.getAttribute("data-key") ?? el.className,
          text: el.textContent,
          scrollWidth: el.scrollWidth,
          clientWidth: el.clientWidth,
          outside,
        });
      }
    }
    return out;
  })()`);

/** The smallest font size (px) of any text on the wall. */
const smallestText = (page: Page): Promise<number> =>
  page.evaluate<number>(`(() => {
    let smallest = Infinity;
    const walker = document.createTreeWalker(document.querySelector(".wall"), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      if (node.textContent.trim() === "") continue;
      const el = node.parentElement;
      if (el.closest(".visually-hidden") !== null) continue;
      smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize));
    }
    return smallest;
  })()`);

const shownRunIds = (page: Page): Promise<string[]> =>
  page.evaluate<string[]>("[...document.querySelectorAll('.tile')].map((t) => t.getAttribute('data-run-id'))");

const screens = [
  { width: 1366, height: 768, name: "768p" },
  { width: 1920, height: 1080, name: "1080p" },
  { width: 3840, height: 2160, name: "4k" },
] as const;

describe("the wall with 40 runs", () => {
  for (const screen of screens) {
    for (const locale of ["en-US", "ja-JP"]) {
      it(`${screen.name} ${locale}: every run, most urgent first, nothing cut, type at its floors`, async () => {
        const page = await openWall(screen.width, screen.height, locale);
        await screenshot(page, `wall-40-${screen.name}-${locale}.png`);
        const box = await pageBox(page);
        expect(box.scrollWidth).toBeLessThanOrEqual(box.innerWidth);
        expect(box.scrollHeight).toBeLessThanOrEqual(box.innerHeight);

        const shown = await shownRunIds(page);
        // Every run at once, even on a 768p TV: the wall pages only past ~40–60 runs.
        expect(await page.getByTestId("wall-page").count()).toBe(0);
        expect(new Set(shown)).toEqual(new Set(seeded.map((s) => s.run.id)));

        // Severity: failing before blocked before clean before finished.
        const rankOf = new Map(seeded.map((s) => [s.run.id, expectedRank(s.shape)]));
        const ranks = shown.map((id) => rankOf.get(id) ?? 0);
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        // …and among failing runs, many failures before few (coarsely).
        const failedOf = new Map(seeded.map((s) => [s.run.id, s.shape.failed]));
        const failing = shown.filter((id) => rankOf.get(id) === 1).map((id) => failedOf.get(id) ?? 0);
        expect(failing[0]).toBeGreaterThanOrEqual(Math.max(...failing) / 2.5);

        // The summary strip counts the lab.
        const summary = await page.getByTestId("wall-summary").innerText();
        expect(summary).toContain(locale === "en-US" ? "40 runs" : "40 件のラン");

        expect(await cutKeyFields(page)).toEqual([]);
        const smallest = await smallestText(page);
        expect(smallest).toBeGreaterThanOrEqual(18);
        if (screen.name === "1080p") {
          // Full tiles are for few runs; at 40 the wall uses rows, whose text stays ≥ 24 px.
          expect(smallest).toBeGreaterThanOrEqual(24);
        }
        await page.context().close();
      });
    }
  }

  it("shows full tiles with key numbers ≥ 48 px at 1080p when few runs are asked for", async () => {
    const ids = seeded
      .filter((s) => s.shape.failed > 0)
      .slice(0, 4)
      .map((s) => s.run.id);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "ja-JP" });
    const page = await context.newPage();
    await page.goto(`${lab.url}/board?runs=${ids.join(",")}`);
    await expect.poll(() => page.locator(".tile-full").count(), { timeout: 15_000 }).toBe(4);
    const sizes = await page.evaluate<number[]>(
      "[...document.querySelectorAll('.tile-full .tile-pct, .tile-full .tile-fails')].map((el) => parseFloat(getComputedStyle(el).fontSize))",
    );
    expect(sizes.length).toBe(8);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(48);
    expect(await cutKeyFields(page)).toEqual([]);
    // Japanese ETA or finish time whole on every tile.
    for (const text of await page.locator(".tile-time").allInnerTexts()) expect(text).toMatch(/完了予定|完了/);
    await page.context().close();
  });
});

describe("the wall with 60 runs at 1080p", () => {
  it("shows three columns of rows without the passed count, so run names keep their room", async () => {
    const own = await startTestLab({ pin: labPin });
    try {
      for (let i = 0; i < 60; i++) {
        const created = await own.api<{ id: string; items: Array<{ id: string }> }>("POST", "/api/test-runs", {
          name: `Release 4.2 regression · device ${String(i + 1).padStart(2, "0")}`,
          items: Array.from({ length: 8 }, (_, n) => ({ title: `case ${n + 1}` })),
        });
        expect(created.status).toBe(201);
        const results = created.body.items
          .slice(0, 4)
          .map((item, n) => ({ itemId: item.id, status: n === 0 && i % 3 === 0 ? "failed" : "passed" }));
        expect((await own.api("POST", `/api/test-runs/${created.body.id}/results`, { results })).status).toBe(200);
      }
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: "en-US" });
      const page = await context.newPage();
      await page.goto(`${own.url}/board?rotate=off`);
      await expect.poll(() => page.locator(".tile-row").count(), { timeout: 15_000 }).toBe(60);
      await layoutSettled(page);
      const grid = page.locator(".wall-grid");
      expect([await grid.getAttribute("data-level"), await grid.getAttribute("data-lean")]).toEqual(["row", "true"]);
      const rows = page.locator(".tile-row");
      expect(await rows.locator('.count[data-status="passed"]').count()).toBe(0);
      // Failures keep their counts.
      expect(await rows.locator('.count[data-status="failed"]').count()).toBe(20);
      expect(await cutKeyFields(page)).toEqual([]);
      // Every name keeps the ending that tells it apart ("device 07") whole, and shows at least
      // 12 characters of its start before it gives way.
      const names = await page.evaluate<
        Array<{ tail: string; whole: boolean; head: number }>
      >(`[...document.querySelectorAll(".tile-row .row-name")].map((name) => {
        const box = name.getBoundingClientRect();
        const head = name.querySelector(".mid-head");
        const tail = name.querySelector(".mid-tail");
        const t = tail.getBoundingClientRect();
        return {
          tail: tail.textContent,
          whole: t.left >= box.left - 0.5 && t.right <= box.right + 0.5 && tail.scrollWidth <= tail.clientWidth,
          head: Math.floor(head.clientWidth / (head.scrollWidth / head.textContent.length)),
        };
      })`);
      expect(names).toHaveLength(60);
      for (const name of names) {
        expect(name.tail).toMatch(/^device \d{2}$/);
        expect(name.whole).toBe(true);
        expect(name.head).toBeGreaterThanOrEqual(12);
      }
      expect(new Set(names.map((name) => name.tail)).size).toBe(60);
      await screenshot(page, "wall-60-1080p-lean-rows.png");
      await context.close();
    } finally {
      await own.close();
      removeDir(own.dataDir);
    }
  });
});

describe("the wall when the server goes away", () => {
  it("turns stale — tiles greyed, clock marked — within one heartbeat interval of a killed server", async () => {
    const heartbeatMs = 4_000;
    const own = await startTestLab({ pin: labPin, heartbeatMs });
    try {
      await seedLab(own, 3);
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const page = await context.newPage();
      await page.goto(`${own.url}/board`);
      await expect.poll(() => page.locator(".conn").getAttribute("data-phase"), { timeout: 15_000 }).toBe("live");
      // Two heartbeats teach the page the interval.
      await page.waitForTimeout(2.5 * heartbeatMs);
      expect(await page.locator(".wall.is-stale").count()).toBe(0);
      // The page notes the moment it turns stale itself, so the figure leaves out how long the
      // test takes to look (Playwright's polling on a busy machine).
      await page.evaluate(`(() => {
        const wall = document.querySelector(".wall");
        new MutationObserver(() => {
          if (wall.classList.contains("is-stale") && window.staleAt === undefined) window.staleAt = Date.now();
        }).observe(wall, { attributes: true, attributeFilter: ["class"] });
      })()`);
      const killedAt = Date.now();
      await own.close();
      await page.locator(".wall.is-stale").waitFor({ timeout: heartbeatMs + 5_000 });
      const after = (await page.evaluate<number>("window.staleAt")) - killedAt;
      expect(after).toBeLessThanOrEqual(heartbeatMs + 500);
      const filter = await page.evaluate<string>("getComputedStyle(document.querySelector('.tile')).filter");
      expect(filter).toContain("grayscale");
      expect(await page.getByTestId("wall-clock").getAttribute("class")).toContain("is-unknown");
      await screenshot(page, "wall-stale.png");
      await context.close();
    } finally {
      await own.close();
      removeDir(own.dataDir);
    }
  });
});
