import type { FastifyInstance } from "fastify";

/**
 * A plain live page at `/` until the boards are served: every run with its live counts, fed by
 * one multiplexed SSE stream. No framework, nothing from the internet.
 */
const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>medi-test</title>
<style>
  body { margin: 0; font: 20px/1.4 system-ui, sans-serif; background: #0b0d10; color: #f4f6f8; }
  header { display: flex; justify-content: space-between; padding: 16px 24px; border-bottom: 2px solid #2a2f36; }
  h1 { margin: 0; font-size: 28px; }
  #badge { font-weight: 700; }
  #badge.live { color: #5fd4a8; } #badge.stale { color: #f0b429; }
  main { padding: 16px 24px; display: grid; gap: 12px; }
  .run { padding: 12px 16px; border: 2px solid #2a2f36; border-radius: 8px; }
  .name { font-size: 24px; font-weight: 700; }
  .counts span { margin-right: 16px; }
  .passed { color: #5fd4a8; } .failed { color: #ff8a65; } .blocked { color: #f0b429; } .muted { color: #b8c0c8; }
</style>
</head>
<body>
<header><h1>medi-test</h1><span id="badge" class="stale">connecting… / 接続中...</span></header>
<main id="runs"><p class="muted">No runs yet. / テストランはまだありません。</p></main>
<script src="/home.js"></script>
</body>
</html>`;

const script = `"use strict";
const runs = new Map();
const main = document.getElementById("runs");
const badge = document.getElementById("badge");
let lastEventId;
let source;
let lastBeat = 0;
function render() {
  const list = [...runs.values()].sort((a, b) => (b.counts.failed + b.counts.blocked) - (a.counts.failed + a.counts.blocked));
  main.replaceChildren(...list.map((run) => {
    const c = run.counts;
    const done = c.passed + c.failed + c.blocked + c.skipped;
    const pct = c.total === 0 ? 0 : Math.round((done / c.total) * 100);
    const el = document.createElement("div");
    el.className = "run";
    const name = document.createElement("div");
    name.className = "name";
    name.textContent = (c.failed > 0 ? "✗ " : "▶ ") + run.name + " — " + pct + "%";
    const counts = document.createElement("div");
    counts.className = "counts";
    counts.innerHTML = '<span class="passed"></span><span class="failed"></span><span class="blocked"></span><span class="muted"></span>';
    counts.children[0].textContent = "✓ " + c.passed;
    counts.children[1].textContent = "✗ " + c.failed;
    counts.children[2].textContent = "⛔ " + c.blocked;
    counts.children[3].textContent = done + " / " + c.total + " · " + run.status;
    el.append(name, counts);
    return el;
  }));
  if (runs.size === 0) main.innerHTML = '<p class="muted">No runs yet. / テストランはまだありません。</p>';
}
function applyOne(msg) {
  const d = msg.data || {};
  if (msg.type === "snapshot" || msg.type === "reset") { runs.clear(); for (const r of d.runs || []) runs.set(r.id, r); }
  else if (msg.type === "run_deleted") runs.delete(msg.testRunId);
  else if (d.run) runs.set(d.run.id, Object.assign({}, runs.get(d.run.id), d.run));
  else if (d.counts && runs.has(msg.testRunId)) runs.get(msg.testRunId).counts = d.counts;
}
function apply(msg) {
  // A bulk import: its parts are ordinary events of the batch's run, applied in order, shown once.
  if (msg.type === "batch") { for (const part of (msg.data && msg.data.events) || []) applyOne({ type: part.type, testRunId: msg.testRunId, data: part.data }); }
  else applyOne(msg);
  render();
}
function onMessage(e) {
  lastEventId = e.lastEventId || lastEventId;
  lastBeat = Date.now();
  live();
  let msg;
  try { msg = JSON.parse(e.data); } catch { return; }
  if (msg !== null && typeof msg === "object") apply(msg);
}
function connect() {
  const url = "/api/stream?all=1" + (lastEventId ? "&lastEventId=" + lastEventId : "");
  source = new EventSource(url);
  source.onmessage = onMessage;
  source.addEventListener("heartbeat", () => { lastBeat = Date.now(); live(); });
  source.onopen = () => { lastBeat = Date.now(); live(); };
  source.onerror = () => { if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 1000 + Math.random() * 2000); } stale(); };
}
function live() { badge.className = "live"; badge.textContent = "● LIVE / リアルタイム更新中"; }
function stale() { badge.className = "stale"; badge.textContent = "reconnecting… / 接続中..."; }
setInterval(() => { if (Date.now() - lastBeat > 35000) stale(); }, 5000);
connect();
`;

export const registerHomePage = (app: FastifyInstance): void => {
  app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(html));
  app.get("/home.js", async (_request, reply) => reply.type("text/javascript; charset=utf-8").send(script));
};
