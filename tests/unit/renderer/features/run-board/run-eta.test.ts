import { describe, expect, it } from "vitest";
import { estimateFinish } from "../../../../../server/domain/progress.ts";
import { emptyCounts } from "../../../../../server/domain/run-counts.ts";
import { runBoardEta } from "../../../../../renderer/src/features/run-board/run-eta.ts";

// A 2,000-item run: 18 results by people 50 ms apart, then 5 s later a CI job's 911 in one step.
const t0 = 1_700_000_000_000;
const people = Array.from({ length: 18 }, (_, i) => ({ at: t0 + i * 50, done: i + 1, results: 1 }));
const series = [...people, { at: t0 + 5_850, done: 929, results: 911 }];
const counts = { ...emptyCounts(), total: 2_000, passed: 929, untested: 1_071 };

describe("the run board's ETA", () => {
  it("measures the pace up to the newest result, not to the 10 s mark before it", () => {
    // The chart's clock ticked 10 s just after the ninth result: 9 results in 0.4 s.
    const chartNow = t0 + 420;
    const cutShort = estimateFinish(counts, series, chartNow);
    expect(cutShort).not.toBeNull();
    expect((cutShort ?? 0) - chartNow).toBeLessThan(60_000); // the bug: "done in a minute"

    const eta = runBoardEta(counts, series, chartNow);
    // 17 steady results over 5.85 s: 1,071 left is about 6 minutes away; the bulk is no pace.
    expect(eta).not.toBeNull();
    expect((eta ?? 0) - (t0 + 5_850)).toBeGreaterThan(5 * 60_000);
  });

  it("uses the chart's time once it is past the newest result", () => {
    const later = t0 + 60_000;
    expect(runBoardEta(counts, series, later)).toBe(estimateFinish(counts, series, later));
  });
});
