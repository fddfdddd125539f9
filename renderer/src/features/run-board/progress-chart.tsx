import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { ProgressPoint } from "../../shared/live/progress-series.ts";
import { rightPadding, xAxisSize, yAxisSize } from "./chart-axes.ts";

export interface ChartInput {
  /** Oldest first. */
  readonly points: ReadonlyArray<ProgressPoint>;
  readonly serverNow: number;
  readonly eta: number | null;
  readonly total: number;
}

type Series = (number | null)[];

/**
 * Columns for uPlot: x (s), done, failed, total, projected. The last real point is carried to
 * "now" so a quiet run shows a flat line up to the present, and the projection runs from there
 * to the ETA at the total.
 */
export const chartData = ({
  points,
  serverNow,
  eta,
  total,
}: ChartInput): [number[], Series, Series, Series, Series] => {
  const xs: number[] = [];
  const done: Series = [];
  const failed: Series = [];
  const totals: Series = [];
  const projected: Series = [];
  let lastX = -Infinity;
  for (const point of points) {
    const x = point.at / 1_000;
    if (x < lastX) continue;
    if (x === lastX) {
      done[done.length - 1] = point.done;
      failed[failed.length - 1] = point.failed;
      totals[totals.length - 1] = point.total;
      continue;
    }
    xs.push(x);
    done.push(point.done);
    failed.push(point.failed);
    totals.push(point.total);
    projected.push(null);
    lastX = x;
  }
  const last = points[points.length - 1];
  const nowX = serverNow / 1_000;
  if (last !== undefined && nowX > lastX) {
    xs.push(nowX);
    done.push(last.done);
    failed.push(last.failed);
    totals.push(total);
    projected.push(last.done);
    lastX = nowX;
  } else if (last !== undefined) {
    projected[projected.length - 1] = last.done;
  }
  if (eta !== null && eta / 1_000 > lastX) {
    xs.push(eta / 1_000);
    done.push(null);
    failed.push(null);
    totals.push(total);
    projected.push(total);
  }
  return [xs, done, failed, totals, projected];
};

const cssVar = (name: string, fallback: string): string => {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value === "" ? fallback : value;
};

/** Done and failed over time from the event log, extended live, with the ETA projected. */
export const ProgressChart = ({ input, unit }: { readonly input: ChartInput; readonly unit: number }) => {
  const { t, fmt } = useI18n();
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const data = useMemo(() => chartData(input), [input]);
  const dataRef = useRef(data);
  dataRef.current = data;

  // One plot per page language and scale; data changes only call setData.
  useEffect(() => {
    const box = boxRef.current;
    if (box === null) return;
    const fontPx = Math.round(Math.max(18, 20 * unit));
    const font = `${fontPx}px system-ui, sans-serif`;
    const text = cssVar("--text", "#f2f5f8");
    const grid = cssVar("--line", "#2f3742");
    const room = { tick: Math.round(10 * unit), gap: Math.round(6 * unit), fontPx };
    const measureContext = document.createElement("canvas").getContext("2d");
    if (measureContext !== null) measureContext.font = font;
    const measure = (label: string): number => measureContext?.measureText(label).width ?? label.length * fontPx;
    const axis = (): uPlot.Axis => ({
      stroke: text,
      font,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1, size: room.tick },
      gap: room.gap,
    });
    // The time labels' widest form, for the space right of the plot.
    const timeSample = [
      fmt.time(Date.UTC(2000, 0, 1, 23, 58, 58), true),
      fmt.time(Date.UTC(2000, 0, 1, 23, 58), false),
    ];
    const yValues = (_u: uPlot, splits: number[]): string[] => splits.map((s) => fmt.number(s));
    const plot = new uPlot(
      {
        width: Math.max(100, box.clientWidth),
        height: Math.max(100, box.clientHeight),
        legend: { show: false },
        padding: [Math.round(fontPx * 0.8), rightPadding(timeSample, measure), 0, 0],
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          {
            ...axis(),
            size: xAxisSize(room),
            // Far enough apart to read; seconds shown only while the steps are under a minute.
            space: Math.round(150 * unit),
            incrs: [
              1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400, 172_800,
              604_800,
            ],
            values: (_u, splits, _axis, _space, step) => splits.map((s) => fmt.time(s * 1_000, step < 60)),
          },
          {
            ...axis(),
            values: yValues,
            // As wide as its widest label ("2,000", "12,500"), written down for the browser tests.
            size: (_u, values) => {
              const size = yAxisSize(values ?? [], measure, room);
              box.dataset.yAxisSize = String(size);
              box.dataset.yAxisLabels = JSON.stringify(values ?? []);
              return size;
            },
          },
        ],
        series: [
          {},
          {
            label: t("runBoard.legendDone"),
            stroke: cssVar("--passed-text", "#4de0a6"),
            width: 3 * unit,
            points: { show: false },
          },
          {
            label: t("runBoard.legendFailed"),
            stroke: cssVar("--failed-text", "#ffa070"),
            width: 3 * unit,
            dash: [12 * unit, 5 * unit],
            points: { show: false },
          },
          {
            label: t("runBoard.legendTotal"),
            stroke: cssVar("--muted", "#b9c2cc"),
            width: 2 * unit,
            dash: [3 * unit, 6 * unit],
            points: { show: false },
          },
          {
            label: t("runBoard.legendEta"),
            stroke: cssVar("--passed-text", "#4de0a6"),
            width: 2 * unit,
            dash: [2 * unit, 7 * unit],
            spanGaps: true,
            points: { show: false },
          },
        ],
      },
      dataRef.current,
      box,
    );
    plotRef.current = plot;
    const observer = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(100, box.clientWidth), height: Math.max(100, box.clientHeight) }),
    );
    observer.observe(box);
    return () => {
      observer.disconnect();
      plot.destroy();
      plotRef.current = null;
    };
  }, [t, fmt, unit]);

  useEffect(() => {
    plotRef.current?.setData(data);
  }, [data]);

  return (
    <figure className="chart">
      <figcaption className="chart-title">
        <span>{t("runBoard.chart")}</span>
        <span className="chart-legend">
          <span className="legend-done">━ {t("runBoard.legendDone")}</span>
          <span className="legend-failed">╍ {t("runBoard.legendFailed")}</span>
          <span className="legend-total">┄ {t("runBoard.legendTotal")}</span>
          <span className="legend-eta">┈ {t("runBoard.legendEta")}</span>
        </span>
      </figcaption>
      <div className="chart-box" ref={boxRef} />
    </figure>
  );
};
