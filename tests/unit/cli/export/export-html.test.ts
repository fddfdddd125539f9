import { describe, expect, it } from "vitest";
import { escapeHtml, exportHtml, reportCsp } from "../../../../cli/export/export-html.ts";
import { niceStep, progressChartSvg, timeTicks } from "../../../../cli/export/export-chart.ts";
import { reportText } from "../../../../cli/export/report-text.ts";
import { fixtureModel, hostile, itemOf } from "./report-fixture.ts";

const en = reportText("en", { timeZone: "UTC" });
const ja = reportText("ja", { timeZone: "Asia/Tokyo" });
const escapedHostile = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;";

/** Text of the element whose opening tag matches `open` up to its first `close`. */
const section = (html: string, open: string, close = "</section>"): string => {
  const start = html.indexOf(open);
  if (start === -1) throw new Error(`no ${open}`);
  return html.slice(start, html.indexOf(close, start));
};

describe("HTML report", () => {
  const html = exportHtml(fixtureModel(), en);

  it("is one self-contained document: CSP forbids every fetch, no script, nothing by URL", () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(reportCsp).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${reportCsp}">`);
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toMatch(/\s(src|srcset|action|formaction|poster|background|xlink:href)\s*=/i);
    // The only references are to the glyphs defined in the file itself.
    const hrefs = [...html.matchAll(/\shref="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((href) => !/^#i-[a-z]+$/.test(href ?? ""))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|<link|<iframe|<object|<embed|<img/i);
    // Inline CSS only, with print rules for A4 and page breaks.
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("@media print");
    expect(html).toContain("section.page { break-before: page; }");
    // No dark backgrounds: every background colour in the style is light.
    const backgrounds = [...html.matchAll(/background:\s*(#[0-9a-f]{3,6})/gi)].map((m) => m[1] as string);
    expect(backgrounds.length).toBeGreaterThan(0);
    for (const colour of backgrounds) {
      const hex = colour.length === 4 ? [...colour.slice(1)].map((c) => c + c).join("") : colour.slice(1);
      const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeGreaterThan(200);
    }
  });

  it("escapes every piece of user text: run name, labels, titles, notes, comments, authors, lab name", () => {
    expect(html).not.toContain(hostile);
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<u>");
    expect(html).not.toContain("<lead>");
    expect(html).not.toContain("<QA>");
    expect(html).toContain(`<title>Release 2.4 ${escapedHostile} — Test run report</title>`);
    expect(html).toContain(`<h1><bdi>Release 2.4 ${escapedHostile}</bdi></h1>`);
    const problems = section(html, '<section class="page problems"');
    expect(problems).toContain(`<bdi>Handover ${escapedHostile}</bdi>`);
    expect(problems).toContain(`<bdi>Dropped call\n${escapedHostile} &amp; more</bdi>`);
    expect(problems).toContain(`<bdi>Seen twice ${escapedHostile}</bdi>`);
    expect(problems).toContain("<bdi>Lead &lt;lead&gt;</bdi>");
    expect(problems).toContain("<bdi>Run comment &lt;u&gt;</bdi>");
    expect(html).toContain("<bdi>&lt;b&gt;</bdi>: <bdi>&lt;i&gt;</bdi>");
    expect(html).toContain("Lab 3 &lt;QA&gt;");
    expect(escapeHtml(`'"&<>`)).toBe("&#39;&quot;&amp;&lt;&gt;");
    // An attribute cannot be broken out of either.
    const odd = exportHtml(fixtureModel({ items: [itemOf(2, "failed", { id: `x" onmouseover="alert(1)` })] }), en);
    expect(odd).toContain('data-item="x&quot; onmouseover=&quot;alert(1)"');
  });

  it("sums the run up with glyph and label for every status, pass rate, done and duration", () => {
    const summary = section(html, '<section class="summary"');
    const glyph = (status: string) =>
      `<svg class="glyph" aria-hidden="true" data-glyph="${status}"><use href="#i-${status}"/></svg>`;
    expect(summary).toContain(
      `<li class="s-passed" data-status="passed"><span class="n">2</span>${glyph("passed")}passed</li>`,
    );
    expect(summary).toContain(`data-status="failed"><span class="n">2</span>${glyph("failed")}failed`);
    expect(summary).toContain(`data-status="blocked"><span class="n">1</span>${glyph("blocked")}blocked`);
    // Each glyph is defined once in the file.
    for (const status of ["passed", "failed", "blocked", "skipped", "retest", "untested"])
      expect(html.match(new RegExp(`<symbol id="i-${status}" `, "g"))).toHaveLength(1);
    expect(summary).toContain('<div data-figure="total"><dt>Total</dt><dd>8</dd></div>');
    expect(summary).toContain('<div data-figure="pass-rate"><dt>Pass rate</dt><dd>50%</dd></div>');
    expect(summary).toContain('<div data-figure="done"><dt>Done</dt><dd>75% (6 / 8)</dd></div>');
    expect(summary).toContain('<div data-figure="duration"><dt>Duration</dt><dd>35 min</dd></div>');
  });

  it("has a table per section with totals, failures with their notes and comments, and every item", () => {
    const sections = section(html, '<section class="page sections"');
    expect(sections).toContain('<td><bdi>Login</bdi></td><td class="num">4</td><td class="num">2</td>');
    expect(sections).toContain("<td>(no section)</td>");
    expect(sections).toContain('<tfoot><tr><th>Total</th><td class="num">8</td>');
    const problems = section(html, '<section class="page problems"');
    expect(problems.match(/<article class="problem/g)).toHaveLength(3);
    // Failed first, then blocked; comments oldest first.
    expect(problems.indexOf('data-item="item-2"')).toBeLessThan(problems.indexOf('data-item="item-3"'));
    expect(problems.indexOf("First seen on unit 3")).toBeLessThan(problems.indexOf("Seen twice"));
    const items = section(html, '<section class="page items"');
    expect(items.match(/<tr data-status=/g)).toHaveLength(8);
    // A test's own duration keeps its tenths under a minute; longer ones read as the boards' durations.
    expect(items).toContain('<td class="num">1.5 s</td>');
    expect(en.testDuration(90_000)).toBe("1 min");
    // A control character is no markup, but not text either: it is shown as a replacement character.
    expect(items).toContain("<bdi>tab\tand\ufffdcontrol</bdi>");
    expect(ja.testDuration(1_500)).toBe("1.5秒");
    expect(ja.testDuration(150_000)).toBe("2分");
  });

  it("draws the progress chart as inline SVG with done, failed and total lines and labelled axes", () => {
    const chart = section(html, '<section class="progress"');
    expect(chart).toContain('<svg class="chart" xmlns="http://www.w3.org/2000/svg"');
    expect(chart).toContain('data-points="5"');
    const done = /<polyline class="series-done" points="([^"]+)"/.exec(chart)?.[1] ?? "";
    expect(done.split(" ")).toHaveLength(5);
    expect(chart).toContain('<polyline class="series-failed"');
    expect(chart).toContain('<polyline class="series-total"');
    // The x axis in the report's time zone (UTC here), the y axis from 0 to the total.
    expect(chart).toContain(">09:00</text>");
    expect(chart).toContain('text-anchor="end">0</text>');
    expect(chart).toContain('text-anchor="end">8</text>');
    expect(chart.match(/<circle class="done-point"/g)).toHaveLength(5);
    expect(progressChartSvg([], en)).toBe('<p class="empty">No progress recorded yet.</p>');
    expect(niceStep(8)).toBe(2);
    expect(niceStep(2_000)).toBe(500);
    expect(timeTicks(0, 60 * 60_000)).toEqual([0, 15, 30, 45, 60].map((m) => m * 60_000));
  });

  it("speaks Japanese with --lang ja: labels, statuses, numbers and times", () => {
    const page = exportHtml(fixtureModel(), ja);
    expect(page.startsWith('<!doctype html>\n<html lang="ja">')).toBe(true);
    expect(page).toContain("テストラン報告書");
    expect(page).toContain('<use href="#i-passed"/></svg>合格</li>');
    expect(page).toContain('<use href="#i-failed"/></svg>不合格</li>');
    expect(page).toContain("<dt>合格率</dt><dd>50%</dd>");
    expect(page).toContain("<dt>所要時間</dt><dd>35分</dd>");
    expect(page).toContain("進捗の推移");
    expect(page).toContain("不合格とブロック");
    expect(page).toContain("（セクションなし）");
    // 09:00 UTC is 18:00 in Tokyo.
    expect(page).toContain(">18:00</text>");
    expect(page).toContain("(Asia/Tokyo)");
    expect(page).not.toContain(hostile);
  });
});
