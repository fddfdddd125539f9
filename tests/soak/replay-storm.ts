import { parseArgs } from "node:util";
import { ensureServerBuild, startBenchServer } from "../bench/bench-server.ts";
import { appendReport, commandLine, fmt, markdownTable } from "../bench/report.ts";
import { adminHeaders, watchHealth } from "./lab-fill.ts";
import { connect } from "node:net";

/**
 * Many clients replaying a long history at once, and one that stops reading in the middle.
 * Builds an event log of at least `--log-mb` MB (bulk results of `--items` results with long
 * notes), then opens `--clients` streams with Last-Event-ID 0 at once: each must receive every
 * event, while server RSS is sampled and /api/health is polled every 100 ms.
 * `npm run soak -- replay-storm [--log-mb 200] [--clients 32]`.
 */
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "replay-storm"),
  options: {
    "log-mb": { type: "string", default: "200" },
    clients: { type: "string", default: "32" },
    items: { type: "string", default: "1000" },
    report: { type: "string", default: "RELIABILITY.md" },
  },
});
const logBytes = Number(values["log-mb"]) * 1024 * 1024;
const clientCount = Number(values.clients);
const itemCount = Number(values.items);

const idLine = Buffer.from("\nid: ");

interface Progress {
  ids: number;
  bytes: number;
  last: number;
  ordered: boolean;
  reconnects: number;
}

/**
 * Reads a stream until `events` messages with an id arrived, scanning raw bytes (the client must
 * stay cheap: 32 of them share one process); checks that ids only go up. Like a board, a client
 * that is cut off comes back with Last-Event-ID and goes on.
 */
const readFrom = async (response: Response, progress: Progress, events: number): Promise<void> => {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let tail = Buffer.alloc(0);
  try {
    while (progress.ids < events) {
      const { done, value } = await reader.read();
      if (done) return;
      progress.bytes += value.length;
      // Keep the last bytes of the previous chunk: an "id:" line may be split between chunks.
      const chunk = Buffer.concat([tail, Buffer.from(value.buffer, value.byteOffset, value.length)]);
      let at = chunk.indexOf(idLine);
      let consumed = 0;
      while (at >= 0) {
        const end = chunk.indexOf(10, at + idLine.length);
        if (end < 0) break;
        const id = Number(chunk.toString("latin1", at + idLine.length, end));
        if (id <= progress.last) progress.ordered = false;
        progress.last = id;
        progress.ids += 1;
        consumed = end;
        at = chunk.indexOf(idLine, end);
      }
      tail = chunk.subarray(Math.max(consumed, chunk.length - 32));
    }
    await reader.cancel();
  } catch {
    // cut off: the caller reconnects
  }
};

const replay = async (first: Response, url: string, events: number) => {
  const started = performance.now();
  const progress: Progress = { ids: 0, bytes: 0, last: 0, ordered: true, reconnects: 0 };
  let response = first;
  for (;;) {
    await readFrom(response, progress, events);
    if (progress.ids >= events || progress.reconnects >= 20) break;
    progress.reconnects += 1;
    response = await fetch(url.replace(/lastEventId=\d+/, `lastEventId=${progress.last}`));
  }
  return { ...progress, ms: performance.now() - started };
};

ensureServerBuild();
const server = await startBenchServer(["--synchronous", "NORMAL"]);
try {
  const headers = adminHeaders(server);
  const items = Array.from({ length: itemCount }, (_, i) => ({
    title: `Case ${i}`,
    section: `Area ${i % 5}`,
    key: `case.${i}`,
  }));
  const created = await fetch(`${server.url}/api/test-runs`, {
    method: "POST",
    headers,
    body: JSON.stringify({ name: "Long history", items }),
  });
  const run = (await created.json()) as { id: string };
  let written = 0;
  let batches = 0;
  const note = "n".repeat(1_500);
  while (written < logBytes) {
    const results = items.map((item, i) => ({
      key: item.key,
      status: (i + batches) % 9 === 0 ? "failed" : "passed",
      note: `${batches}:${note}`,
    }));
    const body = JSON.stringify({ results });
    const answer = await fetch(`${server.url}/api/test-runs/${run.id}/results`, { method: "POST", headers, body });
    if (!answer.ok) throw new Error(`results failed: ${answer.status}`);
    await answer.arrayBuffer();
    written += body.length * 1.3;
    batches += 1;
  }
  const health = (await (await fetch(`${server.url}/api/health`)).json()) as { lastEventId: number };
  const events = health.lastEventId;
  process.stdout.write(`log: ${batches} batches, ${events} events\n`);

  // A client that reads nothing, started first: it must be let go, and cost nothing meanwhile.
  const frozen = connect({ host: "127.0.0.1", port: server.port });
  frozen.on("error", () => undefined);
  await new Promise<void>((done) => frozen.once("connect", () => done()));
  frozen.write(`GET /api/test-runs/${run.id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: 0\r\n\r\n`);
  frozen.pause();

  const rssBefore = server.rssBytes();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, server.rssBytes());
  }, 100);
  const watcher = watchHealth(server);
  const started = performance.now();
  const urls = Array.from(
    { length: clientCount },
    (_, i) => `${server.url}/api/${i % 2 === 0 ? "stream?all=1&" : `test-runs/${run.id}/stream?`}lastEventId=0`,
  );
  // Every client is connected before any reads.
  const firsts = await Promise.all(urls.map((url) => fetch(url)));
  const results = await Promise.all(firsts.map((response, i) => replay(response, urls[i] ?? "", events)));
  const seconds = (performance.now() - started) / 1000;
  const checks = await watcher.stop();
  clearInterval(sampler);
  // The client that reads nothing is let go once it has read nothing for the stall limit (30 s).
  let afterHealth = { streams: -1 };
  const waitUntil = Date.now() + 45_000;
  do {
    afterHealth = (await (await fetch(`${server.url}/api/health`)).json()) as { streams: number };
    if (afterHealth.streams === 0) break;
    await new Promise((done) => setTimeout(done, 500));
  } while (Date.now() < waitUntil);
  frozen.destroy();
  const complete = results.filter((r) => r.ids === events && r.ordered).length;
  const totalBytes = results.reduce((sum, r) => sum + r.bytes, 0);
  const rows = [
    [
      "event log",
      `${fmt(batches)} bulk imports of ${fmt(itemCount)} results, ${fmt(events)} events, ≥ ${fmt(logBytes / 1024 / 1024)} MB`,
    ],
    [
      "clients",
      `${clientCount} at once (half \`?all=1\`, half the run's stream), Last-Event-ID 0, plus one that reads nothing`,
    ],
    [
      "complete and in order",
      `${complete} of ${clientCount} (${results.reduce((sum, r) => sum + r.reconnects, 0)} reconnects with Last-Event-ID after a cut-off)`,
    ],
    ["replayed", `${fmt(totalBytes / 1024 / 1024 / 1024, 2)} GB in ${fmt(seconds, 1)} s`],
    ["server RSS", `${fmt(rssBefore / 1024 / 1024)} MiB before, ${fmt(rssPeak / 1024 / 1024)} MiB peak`],
    [
      "/api/health every 100 ms",
      `slowest ${fmt(checks.worstMs)} ms over ${checks.checks} checks, ${checks.failures} failed`,
    ],
    [
      "client that reads nothing",
      afterHealth.streams === 0 ? "let go (0 streams open at the end)" : `${afterHealth.streams} streams still open`,
    ],
  ];
  appendReport(
    values.report,
    "Replay storm: many full replays of a long log at once",
    commandLine(),
    markdownTable(["what", "figure"], rows),
  );
  if (complete !== clientCount || afterHealth.streams !== 0) process.exitCode = 1;
} finally {
  await server.stop();
}
