import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { type BoardStats, boardProbeScript } from "./board-probe.ts";
import { startMediTarget } from "./medi-target.ts";
import { runPaced } from "./paced-publisher.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";
import { percentile } from "./stats.ts";

const chromiumPath = process.env.MEDI_TEST_CHROMIUM ?? "/usr/bin/chromium";
const chromiumArgs = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--enable-precise-memory-info",
];

interface BoardResult {
  readonly events: number;
  readonly longTasks: number;
  readonly longestTaskMs: number;
  readonly longTaskMs: number;
  readonly paintP50: number;
  readonly paintP99: number;
  readonly heapMiB: number;
  readonly totalEvents: number;
}

/** Why the scenario cannot run, or undefined when it can. */
const missing = (): string | undefined => {
  if (!existsSync(resolve("out/renderer/index.html")))
    return "the board is not built (no out/renderer/index.html; `npx electron-vite build` builds it)";
  if (!existsSync(chromiumPath))
    return `Chromium is not installed at ${chromiumPath} (\`apt-get install -y chromium\`)`;
  return undefined;
};

const once = async (
  runs: number,
  items: number,
  rate: number,
  seconds: number,
  totalEvents: number,
): Promise<BoardResult> => {
  const target = await startMediTarget({ runs, itemsPerRun: items });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    // bypassCSP: the probe is evaluated from strings, which the page's CSP (rightly) forbids.
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 }, bypassCSP: true });
    await page.addInitScript(boardProbeScript);
    const answer = await page.goto(`${target.server.url}/board`);
    if (answer === null || answer.status() !== 200) throw new Error(`/board answered ${answer?.status() ?? "nothing"}`);
    // The board is live once its stream delivered the snapshot.
    await page.waitForFunction(`document.querySelector('[data-phase="live"]') !== null`, undefined, {
      timeout: 60_000,
    });
    await page.waitForTimeout(2_000);
    await page.evaluate(
      "window.__boardBench.longTasks.length = 0; window.__boardBench.toPaint.length = 0; window.__boardBench.events = 0",
    );
    await runPaced({
      ratePerSecond: rate,
      durationMs: seconds * 1_000,
      maxInFlight: 32,
      send: (n) => target.publish(n),
    });
    await page.waitForTimeout(1_000);
    const measured = (await page.evaluate("window.__boardBench")) as BoardStats;
    // Then on to `totalEvents` as fast as the server takes them, for the heap figure.
    const rest = Math.max(0, totalEvents - measured.events);
    await runPaced({
      ratePerSecond: 2_000,
      durationMs: (rest / 2_000) * 1_000,
      maxInFlight: 32,
      send: (n) => target.publish(n + seconds * rate),
    });
    await page.waitForTimeout(2_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = (await page.evaluate("performance.memory.usedJSHeapSize")) as number;
    const all = (await page.evaluate("window.__boardBench.events")) as number;
    const paint = [...measured.toPaint].sort((a, b) => a - b);
    return {
      events: measured.events,
      longTasks: measured.longTasks.filter((d) => d > 50).length,
      longestTaskMs: Math.max(0, ...measured.longTasks),
      longTaskMs: measured.longTasks.reduce((s, d) => s + d, 0),
      paintP50: percentile(paint, 0.5),
      paintP99: percentile(paint, 0.99),
      heapMiB: heap / 1024 / 1024,
      totalEvents: all,
    };
  } finally {
    await browser.close();
    await target.stop();
  }
};

/** Scenario 7: the wall board in Chromium, 40 runs × 500 items, 200 events/s for 60 s. */
export const boardRenderScenario: Scenario = {
  name: "board",
  title: "Board rendering in Chromium",
  run: async ({ quick, repeats }) => {
    const why = missing();
    if (why !== undefined) return `Not measured: ${why}. The scenario runs against /board once the board is built.`;
    const [runs, items, rate] = [40, 500, 200];
    const seconds = quick ? 10 : 60;
    const totalEvents = quick ? 10_000 : 100_000;
    const results = await repeat(repeats, async (attempt) => {
      log(`board run ${attempt + 1}/${repeats}`);
      return once(runs, items, rate, seconds, totalEvents);
    });
    const m = (pick: (r: BoardResult) => number, digits = 0) => fmt(medianOf(results, pick), digits);
    return [
      `Debian's Chromium (headless, via playwright-core) shows \`/board\` (every run) at 1920×1080 while ${runs} running runs × ${items} items get ${rate} results/s for ${seconds} s through the full write path; then results continue as fast as the server takes them until the board has received ${fmt(totalEvents)} events. An init script wraps EventSource: event-to-paint is from the event's server timestamp to the first task after the next animation frame following its handler; long tasks from the Long Tasks API during the ${seconds} s; JS heap (\`performance.memory\`, precise) after a forced GC at the end.`,
      "",
      markdownTable(
        [
          "events in the window",
          "long tasks > 50 ms",
          "longest task ms",
          "long-task time ms",
          "event-to-paint ms p50 / p99",
          "events in total",
          "JS heap MiB after",
        ],
        [
          [
            m((r) => r.events),
            m((r) => r.longTasks),
            m((r) => r.longestTaskMs),
            m((r) => r.longTaskMs),
            `${m((r) => r.paintP50)} / ${m((r) => r.paintP99)}`,
            m((r) => r.totalEvents),
            m((r) => r.heapMiB, 1),
          ],
        ],
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([boardRenderScenario]);
