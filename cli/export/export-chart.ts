import type { SeriesPoint } from "./report-model.ts";
import type { ReportText } from "./report-text.ts";

/**
 * The progress-over-time chart as inline SVG: items done and failed (and the total, dashed) over
 * the run's time, with axes labelled in the report's language. Lines differ in dash as well as
 * colour, and the legend names them, so the chart reads in black and white too.
 */

export const chartSize = { width: 800, height: 280 } as const;

const fontPx = 11;
/** A label's drawn width, estimated: no font metrics without a browser (CJK glyphs count double). */
const labelWidth = (text: string): number =>
  [...text].reduce((sum, ch) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : fontPx * 0.62), 0);

/** 1, 2 or 5 times a power of ten, so that `max` needs at most `most` steps. */
export const niceStep = (max: number, most = 5): number => {
  if (max <= 0) return 1;
  const rough = max / most;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  return Math.max(1, step);
};

const minute = 60_000;
const timeSteps = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1_440, 2_880, 10_080, 20_160, 43_200].map(
  (m) => m * minute,
);

/** Tick times: a round step (minutes to weeks) giving at most `most` ticks inside [from, to]. */
export const timeTicks = (from: number, to: number, most = 6): ReadonlyArray<number> => {
  const span = Math.max(to - from, 1);
  const step = timeSteps.find((s) => span / s < most) ?? Math.ceil(span / most / minute) * minute;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
};

const fixed = (n: number): string => (Math.round(n * 10) / 10).toString();

export const escapeSvg = (text: string): string =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

export const progressChartSvg = (series: ReadonlyArray<SeriesPoint>, text: ReportText): string => {
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined)
    return `<p class="empty">${escapeSvg(text.t("report.chartEmpty"))}</p>`;
  const from = first.at;
  const to = Math.max(last.at, from + 1_000);
  const span = to - from;
  const top = Math.max(1, ...series.map((p) => Math.max(p.total, p.done)));
  const step = niceStep(top);
  const yMax = Math.ceil(top / step) * step;
  const yTicks: number[] = [];
  for (let v = 0; v <= yMax; v += step) yTicks.push(v);
  const yLabels = yTicks.map((v) => text.number(v));
  const rounded = timeTicks(from, to);
  // A run shorter than the smallest step (a CI job's minute) is labelled at its two ends.
  const xTicks = rounded.length >= 2 ? rounded : [from, to];
  const xLabels = xTicks.map((t) => text.axisTime(t, span));

  // Room for the y labels, and for half the first time label, centred on the axis.
  const left = Math.ceil(Math.max(Math.max(...yLabels.map(labelWidth)) + 12, labelWidth(xLabels[0] ?? "") / 2 + 4));
  const right = Math.ceil(Math.max(0, ...xLabels.map(labelWidth)) / 2 + 8);
  const topPad = 10;
  const bottom = fontPx * 2 + 8;
  const plotW = chartSize.width - left - right;
  const plotH = chartSize.height - topPad - bottom;
  const x = (t: number) => left + ((t - from) / span) * plotW;
  const y = (v: number) => topPad + plotH - (v / yMax) * plotH;
  const line = (pick: (p: SeriesPoint) => number) =>
    series.map((p) => `${fixed(x(p.at))},${fixed(y(pick(p)))}`).join(" ");

  const grid = yTicks
    .map(
      (v, i) =>
        `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${fixed(y(v))}" y2="${fixed(y(v))}"/>` +
        `<text class="ylabel" x="${left - 6}" y="${fixed(y(v) + fontPx * 0.35)}" text-anchor="end">${escapeSvg(yLabels[i] ?? "")}</text>`,
    )
    .join("");
  const xAxis = xTicks
    .map(
      (t, i) =>
        `<line class="tick" x1="${fixed(x(t))}" x2="${fixed(x(t))}" y1="${topPad + plotH}" y2="${topPad + plotH + 4}"/>` +
        `<text class="xlabel" x="${fixed(x(t))}" y="${topPad + plotH + 6 + fontPx}" text-anchor="middle">${escapeSvg(xLabels[i] ?? "")}</text>`,
    )
    .join("");
  const markers =
    series.length <= 150
      ? series
          .map(
            (p) =>
              `<circle class="done-point" cx="${fixed(x(p.at))}" cy="${fixed(y(p.done))}" r="2.2"/>` +
              (p.failed > 0
                ? `<rect class="failed-point" x="${fixed(x(p.at) - 2)}" y="${fixed(y(p.failed) - 2)}" width="4" height="4"/>`
                : ""),
          )
          .join("")
      : "";
  const description = text.t("report.chartAlt", {
    points: text.number(series.length),
    from: text.dateTime(new Date(from).toISOString()),
    to: text.dateTime(new Date(last.at).toISOString()),
  });
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${chartSize.width} ${chartSize.height}" width="${chartSize.width}" height="${chartSize.height}" role="img" aria-labelledby="chart-title chart-desc" data-points="${series.length}">
<title id="chart-title">${escapeSvg(text.t("report.chart"))}</title>
<desc id="chart-desc">${escapeSvg(description)}</desc>
${grid}
<line class="axis" x1="${left}" x2="${left}" y1="${topPad}" y2="${topPad + plotH}"/>
<line class="axis" x1="${left}" x2="${left + plotW}" y1="${topPad + plotH}" y2="${topPad + plotH}"/>
${xAxis}
<polyline class="series-total" points="${line((p) => p.total)}"/>
<polyline class="series-done" points="${line((p) => p.done)}"/>
<polyline class="series-failed" points="${line((p) => p.failed)}"/>
${markers}
</svg>
<ul class="legend">
<li><svg width="28" height="10" aria-hidden="true"><line class="series-done" x1="0" x2="28" y1="5" y2="5"/></svg>${escapeSvg(text.t("report.chartDone"))}</li>
<li><svg width="28" height="10" aria-hidden="true"><line class="series-failed" x1="0" x2="28" y1="5" y2="5"/></svg>${escapeSvg(text.t("report.chartFailed"))}</li>
<li><svg width="28" height="10" aria-hidden="true"><line class="series-total" x1="0" x2="28" y1="5" y2="5"/></svg>${escapeSvg(text.t("report.chartTotal"))}</li>
</ul>`;
};
