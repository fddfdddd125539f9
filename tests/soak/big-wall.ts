import { parseArgs } from "node:util";
import { ensureServerBuild, startBenchServer } from "../bench/bench-server.ts";
import { launchBrowser } from "../e2e/support/browser.ts";
import { appendReport, commandLine, fmt, markdownTable } from "../bench/report.ts";
import { fillLab, firstMessage, watchHealth } from "./lab-fill.ts";

/**
 * A wall at lab scale: 1,000 (and 10,000) active runs × 100 items. Measures the wall stream's
 * first message (size, time) and the first painted tile in Chromium, while /api/health is polled.
 * `npm run soak -- big-wall [--runs 1000,10000] [--items 100]`.
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "big-wall"),
  options: {
    runs: { type: "string", default: "1000,10000" },
    items: { type: "string", default: "100" },
    report: { type: "string", default: "BENCHMARKS.md" },
  },
});
const sizes = values.runs.split(",").map(Number);
const items = Number(values.items);

ensureServerBuild();
const rows: string[][] = [];
for (const runs of sizes) {
  const server = await startBenchServer(["--synchronous", "NORMAL"]);
  const browser = await launchBrowser();
  try {
    const filling = performance.now();
    await fillLab(server, runs, items);
    process.stdout.write(`${runs} runs × ${items} items filled in ${fmt((performance.now() - filling) / 1000, 1)} s\n`);
    const health = watchHealth(server);
    const cold = await firstMessage(`${server.url}/api/stream?all=1`);
    const warm = await firstMessage(`${server.url}/api/stream?all=1`);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const opened = performance.now();
    await page.goto(`${server.url}/board`);
    await page.waitForSelector(".tile", { timeout: 120_000 });
    const paintMs = performance.now() - opened;
    const tiles = await page.locator(".tile").count();
    const checks = await health.stop();
    rows.push([
      fmt(runs),
      fmt(items),
      cold.type,
      `${fmt(cold.bytes / 1024 / 1024, 2)} MB`,
      `${fmt(cold.ms)} ms / ${fmt(warm.ms)} ms`,
      `${fmt(paintMs)} ms (${tiles} tiles)`,
      `${fmt(checks.worstMs)} ms (${checks.checks} checks, ${checks.failures} failed)`,
      `${fmt(server.rssBytes() / 1024 / 1024)} MiB`,
    ]);
    process.stdout.write(`${rows[rows.length - 1]?.join(" | ")}\n`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

appendReport(
  values.report,
  "Big wall: first message and first paint at lab scale",
  commandLine(),
  [
    "A wall opens `/api/stream?all=1` on a lab whose runs are all active, 70 % recorded by a CI bulk import (one in 17 failed). The",
    "first message is the wall snapshot: run summaries with counts, newest failures, testers and recent progress, no items.",
    "First paint: Chromium opens `/board` at 1920×1080 until the first tile is in the DOM. Health: `/api/health` every 100 ms throughout.",
    "",
    markdownTable(
      [
        "runs",
        "items/run",
        "first message",
        "size",
        "time to it (first / second open)",
        "first paint",
        "slowest health check",
        "server RSS after",
      ],
      rows,
    ),
  ].join("\n"),
);
