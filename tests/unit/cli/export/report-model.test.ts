import { describe, expect, it } from "vitest";
import {
  addEvents,
  boardOrder,
  evenly,
  finishSeries,
  halve,
  maxSeriesPoints,
  commentsByItem,
  runDurationMs,
  sectionStats,
  seriesOf,
  summaryOf,
} from "../../../../cli/export/report-model.ts";
import type { RunEvent } from "../../../../cli/export/report-model.ts";
import { fixtureEvents, fixtureItems, fixtureModel, fixtureRun, itemOf, minuteIso, runId } from "./report-fixture.ts";

describe("report model", () => {
  it("builds the progress series from the event log as the run board does: a batch is one point, comments none", () => {
    const series = seriesOf(fixtureRun(), fixtureEvents());
    expect(series).toEqual([
      { at: Date.parse(minuteIso(0)), done: 0, failed: 0, total: 8 },
      { at: Date.parse(minuteIso(11)), done: 1, failed: 0, total: 8 },
      { at: Date.parse(minuteIso(12)), done: 2, failed: 1, total: 8 },
      { at: Date.parse(minuteIso(15)), done: 5, failed: 1, total: 8 },
      { at: Date.parse(minuteIso(18)), done: 6, failed: 2, total: 8 },
    ]);
  });

  it("gives the same series read page by page, at any page boundary", () => {
    const events = fixtureEvents();
    const whole = seriesOf(fixtureRun(), events);
    for (let cut = 0; cut <= events.length; cut++) {
      const paged = addEvents(addEvents([], runId, events.slice(0, cut)), runId, events.slice(cut));
      expect(finishSeries(fixtureRun(), paged)).toEqual(whole);
    }
  });

  it("stays bounded on a long log, keeping the whole run from its first point to its newest", () => {
    const item = itemOf(1, "passed");
    const total = 12_000;
    const counts = (done: number) => ({
      total,
      untested: total - done,
      passed: done,
      failed: 0,
      blocked: 0,
      skipped: 0,
      retest: 0,
    });
    let points = addEvents([], runId, []);
    for (let page = 0; page < 3; page++) {
      const events: RunEvent[] = Array.from({ length: 4_000 }, (_, i) => {
        const n = page * 4_000 + i + 1;
        return {
          seq: n,
          type: "item_updated",
          testRunId: runId,
          itemId: item.id,
          data: { item, counts: counts(n), previousStatus: "untested" },
          timestamp: new Date(Date.UTC(2026, 10, 30) + n * 1_000).toISOString(),
        };
      });
      points = addEvents(points, runId, events);
      expect(points.length).toBe((page + 1) * 4_000);
    }
    const series = finishSeries(fixtureRun(), points);
    expect(series.length).toBeLessThanOrEqual(maxSeriesPoints);
    expect(series.at(-1)?.done).toBe(total);
    expect(series[0]?.done).toBe(1);
    // Evenly: the middle of the series is the middle of the run.
    expect(series[Math.floor(series.length / 2)]?.done).toBeGreaterThan(total * 0.4);
    expect(series[Math.floor(series.length / 2)]?.done).toBeLessThan(total * 0.6);
    expect(evenly([1, 2, 3, 4, 5, 6, 7], 4)).toEqual([1, 3, 5, 7]);
    expect(halve([1, 2, 3, 4, 5, 6])).toEqual([1, 2, 4, 6]);
    expect(halve([1, 2, 3, 4, 5])).toEqual([1, 3, 5]);
  });

  it("rebuilds the series from item times when the log has nothing of the run", () => {
    const series = seriesOf(fixtureRun(), []);
    // Six items have a final result (passed, failed, blocked, skipped; retest and untested do not count).
    expect(series.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(series.at(-1)).toMatchObject({ failed: 2, total: 8 });
  });

  it("orders items as the boards do and counts each section", () => {
    const order = boardOrder(fixtureItems).map((i) => i.id);
    expect(order).toEqual(["item-1", "item-3", "item-5", "item-7", "item-2", "item-4", "item-6", "item-8"]);
    const stats = sectionStats(fixtureItems);
    expect(stats.map((s) => s.section)).toEqual(["Login", "Radio/Handover", ""]);
    expect(stats[0]?.counts).toEqual({
      total: 4,
      untested: 0,
      passed: 2,
      failed: 0,
      blocked: 1,
      skipped: 0,
      retest: 1,
    });
    expect(stats.reduce((sum, s) => sum + s.counts.total, 0)).toBe(fixtureItems.length);
  });

  it("sorts comments oldest first and groups them by item", () => {
    const model = fixtureModel();
    expect(model.comments.map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    const grouped = commentsByItem(model.comments);
    expect(grouped.get("item-2")?.map((c) => c.id)).toEqual(["c1", "c2"]);
    expect(grouped.get(null)?.map((c) => c.id)).toEqual(["c3"]);
  });

  it("sums the run up: done, progress, pass rate and duration", () => {
    const summary = summaryOf(fixtureModel());
    expect(summary.done).toBe(6);
    expect(summary.progress).toBeCloseTo(6 / 8);
    expect(summary.passRate).toBeCloseTo(2 / 4);
    // Still running: started at :05, the report made at :40.
    expect(summary.durationMs).toBe(35 * 60_000);
    expect(runDurationMs({ ...fixtureRun(), startedAt: null }, minuteIso(40))).toBeNull();
    expect(runDurationMs({ ...fixtureRun(), completedAt: minuteIso(25) }, minuteIso(40))).toBe(20 * 60_000);
    expect(fixtureModel({ items: [itemOf(1, "untested")] }).items).toHaveLength(1);
  });
});
