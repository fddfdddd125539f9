import { existsSync, readdirSync } from "node:fs";
import { Agent } from "node:http";
import { parseArgs } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureServerBuild, startBenchServer } from "../bench/bench-server.ts";
import { appendReport, markdownTable } from "../bench/report.ts";
import { type LoadClient, openLoadClient } from "../bench/sse-load-client.ts";

/**
 * An accelerated month on a wall: a million results through 500 SSE subscribers and a board page
 * in Chromium. Samples server RSS, open file descriptors, hub subscriptions and the page's JS
 * heap as the events go by; all of them must stay flat. `npm run soak` runs it.
 */
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "1000000" },
    subscribers: { type: "string", default: "500" },
    runs: { type: "string", default: "50" },
    samples: { type: "string", default: "20" },
    report: { type: "string", default: "RELIABILITY.md" },
  },
});
const totalEvents = Number(values.events);
const subscriberCount = Number(values.subscribers);
const runCount = Number(values.runs);
const sampleCount = Number(values.samples);
const itemsPerRun = 200;
const writers = 16;

interface Sample {
  readonly events: number;
  readonly seconds: number;
  readonly rssMiB: number;
  readonly fds: number;
  readonly subscriptions: number;
  readonly streams: number;
  readonly pageHeapMiB: number | null;
}

const chromeArgs = [
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

ensureServerBuild();
const server = await startBenchServer(["--synchronous", "NORMAL", "--heartbeat-ms", "5000"]);
const headers = { authorization: `Bearer ${server.adminToken}`, "content-type": "application/json" };
const clients: Array<{ client: LoadClient; run: number }> = [];
let browser: Browser | undefined;
try {
  const runs: Array<{ id: string; items: Array<{ id: string }> }> = [];
  for (let r = 0; r < runCount; r++) {
    const items = Array.from({ length: itemsPerRun }, (_, i) => ({
      title: `Case ${i}`,
      section: `Area ${i % 8}/Part ${i % 3}`,
    }));
    const created = await fetch(`${server.url}/api/test-runs`, {
      method: "POST",
      headers,
      body: JSON.stringify({ name: `Soak run ${r + 1}`, labels: { build: "soak" }, items }),
    });
    const run = (await created.json()) as { id: string; items: Array<{ id: string }> };
    await fetch(`${server.url}/api/test-runs/${run.id}/status`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ status: "running" }),
    });
    runs.push(run);
  }
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  for (let s = 0; s < subscriberCount; s++) {
    const run = s % runCount;
    clients.push({
      client: openLoadClient(`${server.url}/api/test-runs/${runs[run]?.id ?? ""}/stream`, agent, 1_000),
      run,
    });
  }
  await Promise.all(clients.map((c) => c.client.ready));

  let page: Page | undefined;
  const boardBuilt = existsSync("out/renderer/index.html");
  if (boardBuilt) {
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromeArgs });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/board`);
  }
  const cdp = page === undefined ? undefined : await page.context().newCDPSession(page);
  const pageHeap = async (): Promise<number | null> => {
    if (page === undefined) return null;
    // Collect garbage first: an uncollected heap saw-tooths and hides the trend that matters.
    await cdp?.send("HeapProfiler.collectGarbage");
    const used = await page.evaluate(
      () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    );
    return used / 1024 / 1024;
  };

  const acks = new Array<number>(runCount).fill(0);
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = async (events: number) => {
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
      subscriptions: number;
      streams: number;
    };
    samples.push({
      events,
      seconds: (performance.now() - started) / 1_000,
      rssMiB: server.rssBytes() / 1024 / 1024,
      fds: readdirSync(`/proc/${server.pid}/fd`).length,
      subscriptions: health.subscriptions,
      streams: health.streams,
      pageHeapMiB: await pageHeap(),
    });
    const last = samples[samples.length - 1];
    process.stdout.write(`${JSON.stringify(last)}\n`);
  };
  await sample(0);
  const every = Math.ceil(totalEvents / sampleCount);
  let issued = 0;
  let nextSample = every;
  const statuses = ["passed", "failed", "blocked", "skipped", "retest", "untested"] as const;
  const writer = async () => {
    while (issued < totalEvents) {
      const n = issued++;
      const runIndex = n % runCount;
      const run = runs[runIndex];
      const item = run?.items[Math.floor(n / runCount) % itemsPerRun];
      if (run === undefined || item === undefined) continue;
      const response = await fetch(`${server.url}/api/test-runs/${run.id}/items/${item.id}`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ status: statuses[n % statuses.length], note: n % 7 === 0 ? `note ${n}` : null }),
      });
      await response.arrayBuffer();
      if (response.status === 200) acks[runIndex] = (acks[runIndex] ?? 0) + 1;
      if (n >= nextSample) {
        nextSample += every;
        await sample(n);
      }
    }
  };
  await Promise.all(Array.from({ length: writers }, writer));
  const expected = clients.reduce((sum, c) => sum + (acks[c.run] ?? 0), 0);
  const delivered = () => clients.reduce((sum, c) => sum + c.client.stats.received, 0);
  const drainUntil = performance.now() + 60_000;
  while (delivered() < expected && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  await sample(totalEvents);
  const duplicates = clients.reduce((sum, c) => sum + c.client.stats.duplicates + c.client.stats.outOfOrder, 0);

  const third = Math.max(1, Math.floor(samples.length / 3));
  const mean = (list: ReadonlyArray<Sample>, pick: (s: Sample) => number) =>
    list.reduce((sum, s) => sum + pick(s), 0) / list.length;
  const early = samples.slice(1, 1 + third);
  const late = samples.slice(-third);
  const growth = (pick: (s: Sample) => number) => mean(late, pick) - mean(early, pick);
  const rows = samples.map((s) => [
    s.events.toLocaleString("en-US"),
    s.seconds.toFixed(0),
    s.rssMiB.toFixed(0),
    String(s.fds),
    String(s.subscriptions),
    String(s.streams),
    s.pageHeapMiB === null ? "–" : s.pageHeapMiB.toFixed(1),
  ]);
  appendReport(
    values.report ?? "RELIABILITY.md",
    "Soak: an accelerated month on a wall",
    `npm run soak -- --events ${totalEvents}`,
    [
      `${totalEvents.toLocaleString("en-US")} results through ${subscriberCount} SSE subscribers over ${runCount} runs${boardBuilt ? " and a /board page in Chromium" : " (the board page was not built: run `npm run build` first)"}. Server with \`--synchronous NORMAL\`.`,
      "",
      markdownTable(
        ["events", "s", "server RSS MiB", "open fds", "hub subscriptions", "streams", "page JS heap MiB (after GC)"],
        rows,
      ),
      "",
      `- delivered ${delivered().toLocaleString("en-US")} of ${expected.toLocaleString("en-US")} expected deliveries; lost ${Math.max(0, expected - delivered())}, duplicated or out of order ${duplicates}`,
      `- growth from the first third to the last third: RSS ${growth((s) => s.rssMiB).toFixed(1)} MiB, fds ${growth((s) => s.fds).toFixed(1)}, subscriptions ${growth((s) => s.subscriptions).toFixed(1)}${page === undefined ? "" : `, page heap ${growth((s) => s.pageHeapMiB ?? 0).toFixed(1)} MiB`}`,
    ].join("\n"),
  );
} finally {
  for (const c of clients) c.client.close();
  await browser?.close();
  await server.stop();
}
