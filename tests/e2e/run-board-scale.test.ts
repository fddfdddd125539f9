import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { removeDir, sleep, startTestLab, type TestLab } from "../support/lab-server.ts";
import { labPin, launchBrowser, pageBox, screenshot, layoutSettled } from "./support/browser.ts";

/*
 * The run board at lab scale: a 2,000-item run in several sections, results from people one by
 * one, a CI job's bulk import of 911 and some failures, on 1080p and 768p screens in English and
 * Japanese.
 */

let lab: TestLab;
let browser: Browser;
let run: TestRunDetail;
/** Items that failed or were blocked: each must have a visible cell. */
const flagged: string[] = [];

const sections: ReadonlyArray<readonly [string, number]> = [
  ["Login", 412],
  ["Radio/Handover", 380],
  ["Display", 260],
  ["Audio", 190],
  ["Power management and battery", 240],
  ["Connectivity/Bluetooth", 170],
  ["Sensors", 148],
  ["Firmware update", 200],
];

const issueTester = async (name: string): Promise<string> => {
  const issued = await lab.api<{ token: string }>("POST", "/api/tokens", { name, role: "tester" });
  if (issued.status !== 201) throw new Error(`token failed: ${issued.status}`);
  return issued.body.token;
};

const item = (index: number): TestItem => {
  const found = run.items[index];
  if (found === undefined) throw new Error(`no item ${index}`);
  return found;
};

beforeAll(async () => {
  [lab, browser] = await Promise.all([startTestLab({ pin: labPin }), launchBrowser()]);
  const items = sections.flatMap(([section, count]) =>
    Array.from({ length: count }, (_, i) => ({
      title: `${section} check ${i + 1}: verify the behaviour under a sustained load with the long title`,
      section,
    })),
  );
  expect(items).toHaveLength(2_000);
  const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Firmware 2.4 release", items });
  expect(created.status).toBe(201);
  run = created.body;

  // People, one result at a time (even positions), a few failing or blocked, spread over the sections.
  const people = await Promise.all(["Aiko Tanaka", "Ken", "Mei"].map(issueTester));
  for (let i = 0; i < 18; i++) {
    const index = (i * 998) % 2_000;
    const status = i % 6 === 1 ? "failed" : i % 9 === 4 ? "blocked" : "passed";
    const token = people[i % people.length] ?? null;
    const response = await lab.api("PUT", `/api/test-runs/${run.id}/items/${item(index).id}`, { status }, { token });
    expect(response.status).toBe(200);
    if (status !== "passed") flagged.push(item(index).id);
  }
  // Their pace is 17 results over the seconds since the first one: at least 5 s here, so the
  // steady ETA is at least 1,071 × 5 / 17 s ≈ 5 min away however fast this machine records them
  // (the bulk import's pace would put it seconds away).
  await sleep(5_000);
  // A CI job: 911 results in one request (odd positions), 23 of them failed.
  const ci = await issueTester("CI nightly");
  const results = Array.from({ length: 911 }, (_, i) => {
    const index = 1_999 - i * 2;
    const status = i % 40 === 7 ? "failed" : "passed";
    if (status === "failed") flagged.push(item(index).id);
    return { itemId: item(index).id, status };
  });
  const bulk = await lab.api("POST", `/api/test-runs/${run.id}/results`, { results }, { token: ci });
  expect(bulk.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await lab?.close();
  if (lab !== undefined) removeDir(lab.dataDir);
});

const openBoard = async (width: number, height: number, locale: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  await page.goto(`${lab.url}/board/${run.id}`);
  await expect.poll(() => page.locator(".cell").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.locator(".feed-batch").count(), { timeout: 10_000 }).toBe(1);
  // The layout settles after the map area is measured and the chart drawn.
  await layoutSettled(page);
  return page;
};

interface Clip {
  readonly what: string;
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/** Elements matching `selector` whose content is wider or taller than their box. */
const clipped = (page: Page, selector: string): Promise<Clip[]> =>
  page.evaluate<Clip[]>(`(() => [...document.querySelectorAll(${JSON.stringify(selector)})]
    .filter((e) => e.getClientRects().length > 0)
    .map((e) => ({ what: e.className + ": " + e.textContent.slice(0, 60), scrollWidth: e.scrollWidth, clientWidth: e.clientWidth, scrollHeight: e.scrollHeight, clientHeight: e.clientHeight }))
    .filter((b) => b.scrollWidth > b.clientWidth || b.scrollHeight > b.clientHeight + 1))()`);

interface CellCheck {
  readonly minSize: number;
  readonly cells: number;
  /** Flagged items with no cell, or a cell outside the map or the screen. */
  readonly hidden: string[];
}

const cellCheck = (page: Page, ids: ReadonlyArray<string>): Promise<CellCheck> =>
  page.evaluate<CellCheck>(`(() => {
    const map = document.querySelector(".heatmap").getBoundingClientRect();
    const cells = [...document.querySelectorAll(".heatmap .cell")];
    let minSize = Infinity;
    for (const cell of cells) {
      const r = cell.getBoundingClientRect();
      minSize = Math.min(minSize, r.width, r.height);
    }
    const inside = (r) => r.width > 0 && r.left >= map.left - 0.5 && r.right <= map.right + 0.5 && r.top >= map.top - 0.5
      && r.bottom <= map.bottom + 0.5 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
    const hidden = ${JSON.stringify(ids)}.filter((id) => {
      const cell = document.querySelector('.heatmap .cell[data-item-id="' + id + '"]');
      return cell === null || !inside(cell.getBoundingClientRect());
    });
    return { minSize, cells: cells.length, hidden };
  })()`);

interface FeedCheck {
  readonly shown: number;
  /** Lines partly inside the feed's box (cut), and shown lines whose time is not whole inside. */
  readonly cut: string[];
}

const feedCheck = (page: Page): Promise<FeedCheck> =>
  page.evaluate<FeedCheck>(`(() => {
    const box = document.querySelector(".feed").getBoundingClientRect();
    let shown = 0;
    const cut = [];
    for (const line of document.querySelectorAll(".feed-line")) {
      const r = line.getBoundingClientRect();
      const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5;
      const outside = r.left >= box.right - 0.5 || r.top >= box.bottom - 0.5;
      if (!inside && !outside) cut.push("cut: " + line.textContent);
      if (!inside) continue;
      shown += 1;
      const when = line.querySelector(".feed-when");
      const w = when === null ? null : when.getBoundingClientRect();
      if (w === null || w.right > r.right + 0.5 || w.left < r.left - 0.5 || when.scrollWidth > when.clientWidth + 0.5)
        cut.push("time: " + line.textContent);
    }
    return { shown, cut };
  })()`);

interface AxisCheck {
  readonly size: number;
  readonly labels: string[];
  readonly widest: number;
  readonly canvasLeft: number;
  readonly boxLeft: number;
}

/** The y-axis' size as drawn, its labels, and the widest label measured in the axis font. */
const axisCheck = (page: Page): Promise<AxisCheck> =>
  page.evaluate<AxisCheck>(`(() => {
    const box = document.querySelector(".chart-box");
    const labels = JSON.parse(box.dataset.yAxisLabels ?? "[]");
    const axis = box.querySelector(".u-axis");
    const font = Math.round(Math.max(18, 20 * Math.min(window.innerWidth, window.innerHeight) / 1080)) + "px system-ui, sans-serif";
    const context = document.createElement("canvas").getContext("2d");
    context.font = font;
    const widest = Math.max(0, ...labels.map((label) => context.measureText(label).width));
    return {
      size: Number(box.dataset.yAxisSize ?? 0),
      labels,
      widest,
      canvasLeft: box.querySelector("canvas").getBoundingClientRect().left,
      boxLeft: box.getBoundingClientRect().left,
    };
  })()`);

const minutesOf = (text: string): number | null => {
  const match = /(\d{1,2}):(\d{2})/.exec(text);
  return match === null ? null : Number(match[1]) * 60 + Number(match[2]);
};

/** The key fields of the run board: none may be cut. */
const keyFields = [
  ".rb-summary .tile-rates > span",
  '[data-testid="run-pct"]',
  ".rb-summary .count",
  ".hm-title",
  ".hm-stat",
  ".chart-title > span",
  ".wall-clock",
  ".feed-when",
  ".feed-who",
  ".feed-batch .feed-text",
  ".rb-feed-title",
].join(", ");

describe("run board at 2,000 items", () => {
  for (const [width, height] of [
    [1920, 1080],
    [1366, 768],
  ] as const) {
    for (const locale of ["en-US", "ja-JP"]) {
      it(`stays legible at ${width}×${height} in ${locale}: cells, failures, text, chart axis, feed, ETA`, async () => {
        const page = await openBoard(width, height, locale);
        const ja = locale.startsWith("ja");

        const cells = await cellCheck(page, flagged);
        expect(cells.minSize).toBeGreaterThanOrEqual(10);
        expect(cells.hidden).toEqual([]);
        expect(cells.cells).toBeGreaterThanOrEqual(flagged.length);
        // Every section is there, with its counts.
        for (const [name] of sections)
          expect(await page.locator(`.hm-section[aria-label="${name}"]`).count()).toBeGreaterThan(0);

        expect(await clipped(page, keyFields)).toEqual([]);
        const box = await pageBox(page);
        expect(box.scrollWidth).toBeLessThanOrEqual(box.innerWidth);
        expect(box.scrollHeight).toBeLessThanOrEqual(box.innerHeight);

        // The y-axis is as wide as its widest label ("2,000", with the locale's separator).
        const axis = await axisCheck(page);
        expect(axis.labels).toContain("2,000");
        expect(axis.widest).toBeGreaterThan(0);
        expect(axis.size).toBeGreaterThanOrEqual(Math.ceil(axis.widest) + 10);
        expect(axis.canvasLeft).toBeGreaterThanOrEqual(axis.boxLeft - 0.5);

        // Whole feed lines only; the batch is one line with its counts.
        const feed = await feedCheck(page);
        expect(feed.cut).toEqual([]);
        expect(feed.shown).toBeGreaterThanOrEqual(3);
        const batch = await page.locator(".feed-batch").innerText();
        expect(batch).toContain(ja ? "911 件の結果、888 ✓ 23 ✗" : "CI nightly: 911 results, 888 ✓ 23 ✗");

        // The bulk import is no pace: the ETA is unknown or well after now, never "now".
        const eta = await page.getByTestId("run-eta").innerText();
        const clock = minutesOf(await page.locator(".wall-clock").innerText());
        const etaAt = minutesOf(eta);
        if (etaAt === null) expect(eta).toBe(ja ? "完了予定 —" : "ETA —");
        else if (clock !== null) expect((etaAt - clock + 1_440) % 1_440).toBeGreaterThanOrEqual(3);

        await screenshot(page, `run-board-2000-${width}x${height}-${locale}.png`);
        await page.context().close();
      });
    }
  }

  it("shows a completed run's finish time and duration instead of an ETA", async () => {
    const current = await lab.api<{ version: number }>("GET", `/api/test-runs/${run.id}`);
    const done = await lab.api("PUT", `/api/test-runs/${run.id}/status`, {
      status: "completed",
      expectedVersion: current.body.version,
    });
    expect(done.status).toBe(200);
    for (const [locale, pattern] of [
      ["en-US", /^Finished \d{2}:\d{2} · took \d+ (s|min)$/],
      ["ja-JP", /^\d{2}:\d{2} 完了 · 所要 \d+(秒|分)$/],
    ] as const) {
      const page = await openBoard(1366, 768, locale);
      await expect.poll(() => page.getByTestId("run-eta").innerText(), { timeout: 5_000 }).toMatch(pattern);
      expect(await clipped(page, keyFields)).toEqual([]);
      await page.context().close();
    }
  });
});

describe("run board at 5,000 items in 40 sections", () => {
  let big: TestRunDetail;
  const failed: string[] = [];

  beforeAll(async () => {
    const items = Array.from({ length: 5_000 }, (_, i) => ({
      title: `Case ${i + 1}`,
      section: `Area ${String(Math.floor(i / 125) + 1).padStart(2, "0")}`,
    }));
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Regression 5k", items });
    expect(created.status).toBe(201);
    big = created.body;
    // Most areas done and passing, a failure or a block every few areas, some areas untouched.
    const results = big.items.flatMap((entry, i) => {
      const area = Math.floor(i / 125);
      if (area % 5 === 4) return [];
      const status =
        i % 125 === 17 && area % 3 === 0 ? "failed" : i % 125 === 60 && area % 7 === 2 ? "blocked" : "passed";
      if (status !== "passed") failed.push(entry.id);
      return [{ itemId: entry.id, status }];
    });
    const bulk = await lab.api("POST", `/api/test-runs/${big.id}/results`, { results });
    expect(bulk.status).toBe(200);
  }, 60_000);

  for (const [width, height, floor] of [
    [1920, 1080, 10],
    // The board unit is 1.5 px at 2160p (grid-layout.ts boardUnit): 10 units are 15 px.
    [3840, 2160, 15],
  ] as const) {
    it(`keeps cells at ${floor} px or more at ${width}×${height}, collapsing sections but never a failure`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, locale: "en-US" });
      const page = await context.newPage();
      await page.goto(`${lab.url}/board/${big.id}`);
      await expect.poll(() => page.locator(".cell").count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await layoutSettled(page);
      const cells = await cellCheck(page, failed);
      expect(cells.minSize).toBeGreaterThanOrEqual(floor);
      expect(cells.hidden).toEqual([]);
      // Every section shows, collapsed ones with their counts.
      for (let area = 1; area <= 40; area++)
        expect(
          await page.locator(`.hm-section[aria-label="Area ${String(area).padStart(2, "0")}"]`).count(),
        ).toBeGreaterThan(0);
      expect(await clipped(page, keyFields)).toEqual([]);
      const box = await pageBox(page);
      expect(box.scrollHeight).toBeLessThanOrEqual(box.innerHeight);
      // With nothing to report by people, the bulk import gives no ETA.
      expect(await page.getByTestId("run-eta").innerText()).toBe("ETA —");
      await screenshot(page, `run-board-5000-${width}x${height}.png`);
      await context.close();
    });
  }
});

describe("run board at 2,100 items in 300 sections (a JUnit import of 300 test classes)", () => {
  let many: TestRunDetail;
  const failedBySection = new Map<string, number>();
  const blockedBySection = new Map<string, number>();
  const sectionName = (i: number) => `com.lab.radio.Suite${String(i + 1).padStart(3, "0")}Test`;

  beforeAll(async () => {
    const items = Array.from({ length: 2_100 }, (_, i) => ({
      title: `case ${(i % 7) + 1}`,
      section: sectionName(Math.floor(i / 7)),
    }));
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Nightly 300 classes", items });
    expect(created.status).toBe(201);
    many = created.body;
    // A failure in every 9th class, a block in every 25th, from the first class to the last.
    const results = many.items.flatMap((entry, i) => {
      const section = Math.floor(i / 7);
      const status =
        i % 7 === 3 && section % 9 === 0 ? "failed" : i % 7 === 5 && section % 25 === 12 ? "blocked" : "passed";
      const counts = status === "failed" ? failedBySection : status === "blocked" ? blockedBySection : null;
      counts?.set(entry.section, (counts.get(entry.section) ?? 0) + 1);
      return [{ itemId: entry.id, status }];
    });
    const bulk = await lab.api("POST", `/api/test-runs/${many.id}/results`, { results });
    expect(bulk.status).toBe(200);
  }, 60_000);

  for (const [width, height, locale] of [
    [1920, 1080, "en-US"],
    [1366, 768, "ja-JP"],
  ] as const) {
    it(`at ${width}×${height} (${locale}) leaves out clean classes first and says what it left out`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, locale });
      const page = await context.newPage();
      await page.goto(`${lab.url}/board/${many.id}`);
      const more = page.getByTestId("hm-more");
      await expect.poll(() => more.count(), { timeout: 15_000 }).toBe(1);
      await layoutSettled(page);
      // The sections on screen, whole or in part, and what the footer says of the rest.
      const shown = new Set(
        await page.locator(".hm-section").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label") ?? "")),
      );
      expect(shown.size).toBeGreaterThan(5);
      expect(shown.size).toBeLessThan(300);
      const notShown = 300 - shown.size;
      const text = await more.innerText();
      expect(text).toContain(locale === "en-US" ? `+${notShown} sections not shown` : `ほか ${notShown} セクション`);
      // Every failure and block is a cell on screen or counted in the footer.
      const onScreen = async (status: string) => page.locator(`.heatmap .cell[data-status="${status}"]`).count();
      const count = async (id: string) =>
        (await page.getByTestId(id).count()) === 0 ? 0 : Number((await page.getByTestId(id).innerText()).trim());
      const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
      expect((await onScreen("failed")) + (await count("hm-more-failed"))).toBe(total(failedBySection));
      expect((await onScreen("blocked")) + (await count("hm-more-blocked"))).toBe(total(blockedBySection));
      // Clean classes are left out first: at 1080p the 45 with a failure or a block all fit (collapsed)
      // and the footer says the rest are clean; at 768p some of them are left out too, and then
      // no clean class is on screen.
      const outFlagged = (await count("hm-more-failed")) + (await count("hm-more-blocked"));
      const cleanOnScreen = await page
        .locator(".hm-section")
        .evaluateAll(
          (nodes) => nodes.filter((n) => n.querySelector(".st-failed-text, .st-blocked-text") === null).length,
        );
      if (width === 1920) {
        expect(outFlagged).toBe(0);
        expect(await page.getByTestId("hm-more-clean").innerText()).toBe("none failed or blocked");
      } else {
        expect(outFlagged).toBeGreaterThan(0);
        expect(cleanOnScreen).toBe(0);
      }
      // The package every class shares is not repeated: each heading shows its class.
      const labels = await page.locator(".hm-name").allInnerTexts();
      for (const label of labels) expect(label).toMatch(/^Suite\d{3}(Test|…)/);
      // The footer sits inside the map, below every section, and nothing is cut.
      const boxes = await page.evaluate<
        Readonly<Record<"mapBottom" | "moreTop" | "moreBottom" | "lowest", number>>
      >(`(() => {
        const map = document.querySelector(".heatmap").getBoundingClientRect();
        const more = document.querySelector(".hm-more").getBoundingClientRect();
        const lowest = Math.max(...[...document.querySelectorAll(".hm-section")].map((s) => s.getBoundingClientRect().bottom));
        return { mapBottom: map.bottom, moreTop: more.top, moreBottom: more.bottom, lowest };
      })()`);
      const { mapBottom, moreTop, moreBottom, lowest } = boxes;
      expect(lowest).toBeLessThanOrEqual(moreTop + 0.5);
      expect(moreBottom).toBeLessThanOrEqual(mapBottom + 0.5);
      expect(await clipped(page, `${keyFields}, .hm-more`)).toEqual([]);
      await screenshot(page, `run-board-300-sections-${width}x${height}.png`);
      await context.close();
    });
  }
});
