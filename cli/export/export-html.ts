import type { Comment } from "../../server/domain/comment.ts";
import type { ItemStatus, TestItem } from "../../server/domain/test-item.ts";
import { passRate } from "../../server/domain/progress.ts";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import { progressChartSvg } from "./export-chart.ts";
import { plainText } from "./plain-text.ts";
import { commentsByItem, type ReportModel, recordedAt, sectionStats, summaryOf } from "./report-model.ts";
import type { ReportText } from "./report-text.ts";

/**
 * The run report as ONE self-contained HTML file: inline CSS, the chart as inline SVG, no script,
 * no font, image or anything else by URL — and a Content-Security-Policy that forbids every
 * fetch, so a later change cannot add one by mistake. Light colours only; printed (A4) each part
 * after the summary starts a new page. Every text a person or a CI job wrote is escaped and
 * isolated (`<bdi>`), so a title like `<script>` or a right-to-left override shows as typed.
 */

export const reportCsp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export const escapeHtml = (text: string): string =>
  plainText(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");

/** User text: escaped and bidi-isolated. */
const u = (text: string): string => `<bdi>${escapeHtml(text)}</bdi>`;

/**
 * The boards' status glyphs as SVG symbols (renderer/src/shared/ui/status-icon.tsx), defined once
 * and used by fragment (`#i-passed`, no fetch): they print the same on every machine, where ⛔ or
 * ↻ as text would need a font the machine may lack.
 */
const iconPaths: Record<ItemStatus, string> = {
  passed:
    '<path d="M4 12.5l5.2 5.2L20.5 6.3" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round"/>',
  failed:
    '<path d="M6 6l12 12M18 6L6 18" fill="none" stroke="currentColor" stroke-width="3.2" stroke-linecap="round"/>',
  blocked:
    '<circle cx="12" cy="12" r="9.5" fill="currentColor"/><rect x="6" y="10.3" width="12" height="3.4" rx="0.6" fill="#fff"/>',
  skipped:
    '<path d="M4 17c0-6.5 5-10 10-10 2.6 0 4.4 1 5.6 2.6M20.5 4.5v5.6h-5.6" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/>',
  retest:
    '<path d="M19.5 13.5a7.6 7.6 0 1 1-2.2-6.9M19.8 3.8v5.4h-5.4" fill="none" stroke="currentColor" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/>',
  untested: '<circle cx="12" cy="12" r="3.6" fill="currentColor"/>',
};

const iconDefs = `<svg class="defs" aria-hidden="true" width="0" height="0">${Object.entries(iconPaths)
  .map(([status, path]) => `<symbol id="i-${status}" viewBox="0 0 24 24">${path}</symbol>`)
  .join("")}</svg>`;

/** A status's glyph: decorative, its label is always written beside it. */
const glyph = (status: ItemStatus): string =>
  `<svg class="glyph" aria-hidden="true" data-glyph="${status}"><use href="#i-${status}"/></svg>`;

const statusOrder: ReadonlyArray<ItemStatus> = ["passed", "failed", "blocked", "skipped", "retest", "untested"];

const styles = `
@page { size: A4; margin: 14mm 12mm; }
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; color: #1a1a1a; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Meiryo, sans-serif; }
h1 { font-size: 24px; margin: 0 0 6px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #c8c8c8; }
h3 { font-size: 15px; margin: 0 0 4px; overflow-wrap: anywhere; }
.kicker { color: #555; font-size: 13px; margin: 0; }
.run-status { display: inline-block; border: 1px solid #888; border-radius: 4px; padding: 0 8px; font-size: 13px; vertical-align: middle; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 10px 0 0; }
dl.meta dt { color: #555; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
ul.counts { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0 0 12px; }
ul.counts li { border: 1px solid #c8c8c8; border-left: 6px solid var(--c, #c8c8c8); border-radius: 4px; padding: 4px 12px; min-width: 120px; }
ul.counts .n { display: block; font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
dl.figures { display: flex; flex-wrap: wrap; gap: 8px 32px; margin: 0; }
dl.figures div { min-width: 120px; }
dl.figures dt { color: #555; font-size: 13px; }
dl.figures dd { margin: 0; font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums; }
svg.defs { position: absolute; width: 0; height: 0; overflow: hidden; }
svg.glyph { display: inline-block; width: 1em; height: 1em; margin: 0 0.3em 0 0; vertical-align: -0.12em; color: var(--c); }
.s-passed { --c: #1b7f3b; }
.s-failed { --c: #c62828; }
.s-blocked { --c: #b45309; }
.s-skipped { --c: #57606a; }
.s-retest { --c: #1d4ed8; }
.s-untested { --c: #9ca3af; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #c8c8c8; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.status { white-space: nowrap; }
td.time { white-space: nowrap; }
article.problem { border: 1px solid #c8c8c8; border-left: 6px solid var(--c, #c8c8c8); border-radius: 4px; padding: 8px 12px; margin: 0 0 10px; break-inside: avoid; }
.where { color: #555; font-size: 12px; margin: 0; overflow-wrap: anywhere; }
.note { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f6f6; border-radius: 3px; padding: 6px 8px; margin: 6px 0 0; }
ol.comments { list-style: none; padding: 0; margin: 6px 0 0; }
ol.comments li { border-top: 1px solid #e2e2e2; padding: 4px 0; }
ol.comments .who { color: #555; font-size: 12px; }
ol.comments .body { white-space: pre-wrap; overflow-wrap: anywhere; }
svg.chart { width: 100%; height: auto; max-width: 800px; display: block; }
svg .grid { stroke: #e3e3e3; stroke-width: 1; }
svg .axis, svg .tick { stroke: #555; stroke-width: 1; }
svg text { font-size: 11px; fill: #333; font-family: inherit; }
svg .series-done { fill: none; stroke: #1b7f3b; stroke-width: 2.5; }
svg .series-failed { fill: none; stroke: #c62828; stroke-width: 2; stroke-dasharray: 6 3; }
svg .series-total { fill: none; stroke: #777; stroke-width: 1.2; stroke-dasharray: 2 3; }
svg .done-point { fill: #1b7f3b; }
svg .failed-point { fill: #c62828; }
ul.legend { display: flex; gap: 20px; list-style: none; padding: 0; margin: 6px 0 0; font-size: 13px; }
ul.legend svg { vertical-align: middle; margin-right: 6px; }
p.empty { color: #555; }
footer { margin-top: 32px; color: #666; font-size: 12px; border-top: 1px solid #ddd; padding-top: 6px; overflow-wrap: anywhere; }
section.page { break-before: page; }
@media print {
  body { padding: 0; max-width: none; font-size: 12px; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

const statusCell = (status: ItemStatus, text: ReportText): string =>
  `<span class="s-${status}">${glyph(status)}${escapeHtml(text.status(status))}</span>`;

const rateText = (rate: number | null, text: ReportText): string =>
  rate === null ? text.t("report.none") : text.percent(rate);

const when = (iso: string | null, text: ReportText): string =>
  iso === null
    ? escapeHtml(text.t("report.none"))
    : `<time datetime="${escapeHtml(iso)}">${escapeHtml(text.dateTime(iso))}</time>`;

const header = (model: ReportModel, text: ReportText): string => {
  const { run, server } = model;
  const labels = Object.entries(run.labels);
  const serverText = [server.labName, server.url, server.version === null ? null : `medi-test ${server.version}`]
    .filter((part): part is string => part !== null && part !== "")
    .join(" · ");
  const rows: Array<[string, string]> = [
    [text.t("report.status"), `<span class="run-status">${escapeHtml(text.runStatus(run.status))}</span>`],
    [text.t("report.created"), when(run.createdAt, text)],
    [text.t("report.started"), when(run.startedAt, text)],
    [text.t("report.completed"), when(run.completedAt, text)],
    [text.t("report.generated"), `${when(model.generatedAt, text)} (${escapeHtml(text.zone)})`],
    [text.t("report.server"), u(serverText)],
  ];
  if (labels.length > 0) rows.push([text.t("report.labels"), labels.map(([k, v]) => `${u(k)}: ${u(v)}`).join(", ")]);
  return `<header>
<p class="kicker">${escapeHtml(text.t("report.title"))}</p>
<h1>${u(run.name)}</h1>
${run.description === null || run.description === "" ? "" : `<p class="note">${u(run.description)}</p>`}
<dl class="meta">${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join("")}</dl>
</header>`;
};

const summary = (model: ReportModel, text: ReportText): string => {
  const s = summaryOf(model);
  const counts = model.run.counts;
  const tiles = statusOrder
    .map(
      (status) =>
        `<li class="s-${status}" data-status="${status}"><span class="n">${escapeHtml(text.number(counts[status]))}</span>${glyph(status)}${escapeHtml(text.status(status))}</li>`,
    )
    .join("");
  const figures: Array<[string, string, string]> = [
    ["total", text.t("report.total"), text.number(counts.total)],
    ["pass-rate", text.t("report.passRate"), rateText(s.passRate, text)],
    [
      "done",
      text.t("report.done"),
      `${text.percent(s.progress)} (${text.number(s.done)} / ${text.number(counts.total)})`,
    ],
    [
      "duration",
      text.t("report.duration"),
      s.durationMs === null ? text.t("report.notStarted") : text.duration(s.durationMs),
    ],
  ];
  return `<section class="summary" aria-labelledby="h-summary">
<h2 id="h-summary">${escapeHtml(text.t("report.summary"))}</h2>
<ul class="counts">${tiles}</ul>
<dl class="figures">${figures.map(([id, k, v]) => `<div data-figure="${id}"><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("")}</dl>
</section>`;
};

const chart = (model: ReportModel, text: ReportText): string =>
  `<section class="progress" aria-labelledby="h-chart">
<h2 id="h-chart">${escapeHtml(text.t("report.chart"))}</h2>
${progressChartSvg(model.series, text)}
</section>`;

const sectionName = (section: string, text: ReportText): string =>
  section === "" ? escapeHtml(text.t("report.noSection")) : u(section);

const countColumns: ReadonlyArray<ItemStatus> = ["passed", "failed", "blocked", "skipped", "retest", "untested"];

const sectionsTable = (model: ReportModel, text: ReportText): string => {
  const row = (name: string, c: RunCounts, tag: "td" | "th") =>
    `<tr><${tag}>${name}</${tag}><td class="num">${escapeHtml(text.number(c.total))}</td>${countColumns
      .map((status) => `<td class="num">${escapeHtml(text.number(c[status]))}</td>`)
      .join("")}<td class="num">${escapeHtml(rateText(passRate(c), text))}</td></tr>`;
  return `<section class="page sections" aria-labelledby="h-sections">
<h2 id="h-sections">${escapeHtml(text.t("report.sections"))}</h2>
<table>
<thead><tr><th>${escapeHtml(text.t("report.section"))}</th><th class="num">${escapeHtml(text.t("report.total"))}</th>${countColumns
    .map((status) => `<th class="num">${statusCell(status, text)}</th>`)
    .join("")}<th class="num">${escapeHtml(text.t("report.passRate"))}</th></tr></thead>
<tbody>${sectionStats(model.items)
    .map((s) => row(sectionName(s.section, text), s.counts, "td"))
    .join("")}</tbody>
<tfoot>${row(escapeHtml(text.t("report.total")), model.run.counts, "th")}</tfoot>
</table>
</section>`;
};

const commentList = (comments: ReadonlyArray<Comment>, text: ReportText): string =>
  comments.length === 0
    ? ""
    : `<ol class="comments" aria-label="${escapeHtml(text.t("report.comments"))}">${comments
        .map(
          (c) =>
            `<li><div class="who">${u(c.author)} · ${when(c.createdAt, text)}</div><div class="body">${u(c.body)}</div></li>`,
        )
        .join("")}</ol>`;

const itemName = (item: TestItem): string =>
  item.key === null || item.key === item.title ? u(item.title) : `${u(item.title)} <code>${u(item.key)}</code>`;

const problems = (model: ReportModel, text: ReportText): string => {
  const byItem = commentsByItem(model.comments);
  const list = [
    ...model.items.filter((i) => i.status === "failed"),
    ...model.items.filter((i) => i.status === "blocked"),
  ];
  const articles = list
    .map((item) => {
      const by = item.updatedBy === null ? "" : ` · ${u(item.updatedBy)}`;
      return `<article class="problem s-${item.status}" data-item="${escapeHtml(item.id)}">
<h3>${statusCell(item.status, text)} · ${itemName(item)}</h3>
<p class="where">${sectionName(item.section, text)}${by} · ${when(recordedAt(item), text)}</p>
${item.note === null || item.note === "" ? "" : `<div class="note">${u(item.note)}</div>`}
${commentList(byItem.get(item.id) ?? [], text)}
</article>`;
    })
    .join("\n");
  const runComments = byItem.get(null) ?? [];
  return `<section class="page problems" aria-labelledby="h-problems">
<h2 id="h-problems">${escapeHtml(text.t("report.problems"))}</h2>
${list.length === 0 ? `<p class="empty">${escapeHtml(text.t("report.noProblems"))}</p>` : articles}
${
  runComments.length === 0
    ? ""
    : `<h2 id="h-run-comments">${escapeHtml(text.t("report.runComments"))}</h2>${commentList(runComments, text)}`
}
</section>`;
};

const allItems = (model: ReportModel, text: ReportText): string => {
  const head = [
    "#",
    text.t("report.section"),
    text.t("report.key"),
    text.t("report.titleCol"),
    text.t("report.status"),
    text.t("report.assignee"),
    text.t("report.recordedBy"),
    text.t("report.recordedAt"),
    text.t("report.durationCol"),
  ];
  const rows = model.items
    .map(
      (item, index) =>
        `<tr data-status="${item.status}"><td class="num">${index + 1}</td><td>${sectionName(item.section, text)}</td><td>${
          item.key === null ? "" : u(item.key)
        }</td><td>${u(item.title)}</td><td class="status">${statusCell(item.status, text)}</td><td>${
          item.assignee === null ? "" : u(item.assignee)
        }</td><td>${item.updatedBy === null ? "" : u(item.updatedBy)}</td><td class="time">${
          recordedAt(item) === null ? "" : when(recordedAt(item), text)
        }</td><td class="num">${item.durationMs === null ? "" : escapeHtml(text.testDuration(item.durationMs))}</td></tr>`,
    )
    .join("\n");
  return `<section class="page items" aria-labelledby="h-items">
<h2 id="h-items">${escapeHtml(text.t("report.items"))}</h2>
<table>
<thead><tr>${head.map((h, i) => `<th${i === 0 || i === 8 ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
};

export const exportHtml = (model: ReportModel, text: ReportText): string => `<!doctype html>
<html lang="${text.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="medi-test ${escapeHtml(model.generatorVersion)}">
<title>${escapeHtml(`${model.run.name} — ${text.t("report.title")}`)}</title>
<style>${styles}</style>
</head>
<body>
${iconDefs}
${header(model, text)}
<main>
${summary(model, text)}
${chart(model, text)}
${sectionsTable(model, text)}
${problems(model, text)}
${allItems(model, text)}
</main>
<footer>${escapeHtml(
  text.t("report.footer", {
    version: model.generatorVersion,
    server:
      model.server.labName === null || model.server.labName === ""
        ? model.server.url
        : `${model.server.labName} (${model.server.url})`,
  }),
)}</footer>
</body>
</html>
`;
