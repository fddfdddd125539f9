import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type DonePoint,
  defaultEtaOptions,
  doneCount,
  estimateFinish,
  isBulkStep,
  passRate,
  progress,
  steadyRate,
} from "../../../server/domain/progress.ts";
import type { RunCounts } from "../../../server/domain/run-counts.ts";

const counts = (partial: Partial<Omit<RunCounts, "total">>): RunCounts => {
  const c = { untested: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, ...partial };
  return { ...c, total: c.untested + c.passed + c.failed + c.blocked + c.skipped + c.retest };
};

const minute = 60_000;
const now = 1_800_000_000_000;

describe("progress", () => {
  it("is 0 for an empty run instead of NaN", () => {
    expect(progress(counts({}))).toBe(0);
  });

  it("counts passed, failed, blocked and skipped as done, but not untested or retest", () => {
    const c = counts({ passed: 2, failed: 1, blocked: 1, skipped: 1, untested: 3, retest: 2 });
    expect(doneCount(c)).toBe(5);
    expect(progress(c)).toBe(0.5);
  });

  it("is 1 when every item has a final result", () => {
    expect(progress(counts({ passed: 3, failed: 2, skipped: 1 }))).toBe(1);
  });

  it("stays within 0..1 for any counts", () => {
    const n = fc.nat({ max: 10_000 });
    fc.assert(
      fc.property(fc.record({ untested: n, passed: n, failed: n, blocked: n, skipped: n, retest: n }), (c) => {
        const p = progress(counts(c));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe("passRate", () => {
  it("is null while nothing has passed or failed (not 0 %, which would look like a disaster)", () => {
    expect(passRate(counts({ untested: 4, blocked: 2, skipped: 1 }))).toBeNull();
  });

  it("is passed / (passed + failed); blocked and skipped do not dilute it", () => {
    expect(passRate(counts({ passed: 3, failed: 1, blocked: 10, skipped: 10 }))).toBe(0.75);
    expect(passRate(counts({ failed: 2 }))).toBe(0);
    expect(passRate(counts({ passed: 2 }))).toBe(1);
  });
});

describe("estimateFinish", () => {
  const options = { windowMs: 30 * minute, minSamples: 3 };

  it("extrapolates the recent pace: 1 item a minute with 6 left finishes in 6 minutes", () => {
    const history: DonePoint[] = [
      { at: now - 3 * minute, done: 1 },
      { at: now - 2 * minute, done: 2 },
      { at: now - minute, done: 4 },
    ];
    expect(estimateFinish(counts({ passed: 4, untested: 6 }), history, now, options)).toBe(now + 6 * minute);
  });

  it("counts the idle time since the last result, so a stalled run's estimate moves out", () => {
    const history: DonePoint[] = [
      { at: now - 4 * minute, done: 0 },
      { at: now - 3 * minute, done: 1 },
      { at: now - 2 * minute, done: 2 },
    ];
    const c = counts({ passed: 2, untested: 2 });
    // 2 done over the 4 minutes up to now: 0.5 per minute, 2 left.
    expect(estimateFinish(c, history, now, options)).toBe(now + 4 * minute);
    expect(estimateFinish(c, history, now + 2 * minute, options)).toBe(now + 2 * minute + 6 * minute);
  });

  it("gives no estimate for an empty run", () => {
    const history: DonePoint[] = [
      { at: now - 3 * minute, done: 0 },
      { at: now - 2 * minute, done: 0 },
      { at: now - minute, done: 0 },
    ];
    expect(estimateFinish(counts({}), history, now, options)).toBeNull();
  });

  it("gives no estimate for a finished run", () => {
    const history: DonePoint[] = [
      { at: now - 3 * minute, done: 1 },
      { at: now - 2 * minute, done: 2 },
      { at: now - minute, done: 3 },
    ];
    expect(estimateFinish(counts({ passed: 2, failed: 1 }), history, now, options)).toBeNull();
  });

  it("still estimates a run whose only open items are marked retest", () => {
    const history: DonePoint[] = [
      { at: now - 3 * minute, done: 0 },
      { at: now - 2 * minute, done: 1 },
      { at: now - minute, done: 2 },
    ];
    // 2 done in 3 minutes, 1 retest left: 1.5 minutes.
    expect(estimateFinish(counts({ passed: 2, retest: 1 }), history, now, options)).toBe(now + 1.5 * minute);
  });

  it("gives no estimate from too few samples, and one as soon as there are enough", () => {
    const c = counts({ passed: 2, untested: 8 });
    const two: DonePoint[] = [
      { at: now - 2 * minute, done: 1 },
      { at: now - minute, done: 2 },
    ];
    expect(estimateFinish(c, two, now, options)).toBeNull();
    expect(estimateFinish(c, [{ at: now - 3 * minute, done: 0 }, ...two], now, options)).not.toBeNull();
    expect(estimateFinish(c, two, now, { ...options, minSamples: 2 })).not.toBeNull();
  });

  it("ignores points older than the window: a run idle since this morning has no estimate", () => {
    const c = counts({ passed: 3, untested: 7 });
    const stale: DonePoint[] = [
      { at: now - 5 * 60 * minute, done: 1 },
      { at: now - 4 * 60 * minute, done: 2 },
      { at: now - 3 * 60 * minute, done: 3 },
    ];
    expect(estimateFinish(c, stale, now, options)).toBeNull();
  });

  it("uses only the recent pace when older, faster points fall outside the window", () => {
    const history: DonePoint[] = [
      { at: now - 120 * minute, done: 0 },
      { at: now - 119 * minute, done: 50 },
      { at: now - 10 * minute, done: 50 },
      { at: now - 5 * minute, done: 55 },
      { at: now, done: 60 },
    ];
    // In the window: 10 done in 10 minutes, 40 left.
    expect(estimateFinish(counts({ passed: 60, untested: 40 }), history, now, options)).toBe(now + 40 * minute);
  });

  it("ignores points from the future (a skewed client clock)", () => {
    const history: DonePoint[] = [
      { at: now - 2 * minute, done: 1 },
      { at: now - minute, done: 2 },
      { at: now + 60 * minute, done: 90 },
    ];
    expect(estimateFinish(counts({ passed: 2, untested: 8 }), history, now, options)).toBeNull();
  });

  it("gives no estimate when the window shows no progress (or results were reset)", () => {
    const c = counts({ passed: 2, untested: 8 });
    const flat: DonePoint[] = [
      { at: now - 3 * minute, done: 2 },
      { at: now - 2 * minute, done: 2 },
      { at: now - minute, done: 2 },
    ];
    const backwards: DonePoint[] = [
      { at: now - 3 * minute, done: 4 },
      { at: now - 2 * minute, done: 3 },
      { at: now - minute, done: 2 },
    ];
    expect(estimateFinish(c, flat, now, options)).toBeNull();
    expect(estimateFinish(c, backwards, now, options)).toBeNull();
  });

  it("uses a 30 minute window and 3 samples by default", () => {
    expect(defaultEtaOptions).toEqual({ windowMs: 30 * minute, minSamples: 3 });
    const c = counts({ passed: 3, untested: 3 });
    const history: DonePoint[] = [
      { at: now - 29 * minute, done: 0 },
      { at: now - 20 * minute, done: 1 },
      { at: now - 10 * minute, done: 3 },
    ];
    expect(estimateFinish(c, history, now)).toBe(now + 29 * minute);
    expect(estimateFinish(c, history, now + 2 * minute)).toBeNull();
  });

  it("never estimates a finish in the past", () => {
    const point = fc.record({ at: fc.integer({ min: now - 40 * minute, max: now }), done: fc.nat({ max: 500 }) });
    fc.assert(
      fc.property(
        fc.array(point, { maxLength: 20 }),
        fc.nat({ max: 500 }),
        fc.nat({ max: 500 }),
        (points, done, open) => {
          const history = [...points].sort((a, b) => a.at - b.at);
          const eta = estimateFinish(counts({ passed: done, untested: open }), history, now);
          if (eta !== null) expect(eta).toBeGreaterThanOrEqual(now);
        },
      ),
    );
  });
});

describe("estimateFinish with bulk imports", () => {
  const options = { windowMs: 30 * minute, minSamples: 3 };
  // People: one result a minute for ten minutes.
  const steady: DonePoint[] = Array.from({ length: 11 }, (_, i) => ({
    at: now - (10 - i) * minute,
    done: i,
    results: 1,
  }));

  it("does not count a batch's jump as throughput: 911 results at once leave the pace at one a minute", () => {
    const withBatch: DonePoint[] = [...steady, { at: now, done: 10 + 911, results: 911 }];
    const c = counts({ passed: 921, untested: 2_000 - 921 });
    // 10 done by people in 10 minutes, 1,079 left: 1,079 minutes, not "now".
    expect(estimateFinish(c, withBatch, now, options)).toBe(now + 1_079 * minute);
  });

  it("gives no estimate when the only progress came in bulk", () => {
    const bulkOnly: DonePoint[] = [
      { at: now - 9 * minute, done: 0, results: 0 },
      { at: now - 6 * minute, done: 400, results: 400 },
      { at: now - 3 * minute, done: 911, results: 511 },
      { at: now - minute, done: 1_500, results: 589 },
    ];
    expect(estimateFinish(counts({ passed: 1_500, untested: 500 }), bulkOnly, now, options)).toBeNull();
    expect(steadyRate(bulkOnly, now, options)).toBeNull();
  });

  it("takes many results at the same instant as bulk, even unmarked (a snapshot rebuilt from item times)", () => {
    const rebuilt: DonePoint[] = [...steady.map(({ at, done }) => ({ at, done })), { at: now, done: 600 }];
    const atOnce: DonePoint[] = [...rebuilt, { at: now, done: 900 }];
    expect(isBulkStep({ at: now, done: 600 }, { at: now, done: 900 })).toBe(true);
    expect(isBulkStep({ at: now - 1, done: 600 }, { at: now, done: 601 })).toBe(false);
    expect(steadyRate(atOnce, now, options)).toBe(steadyRate(rebuilt, now, options));
  });

  it("a bulk jump never makes the ETA earlier than the steady-rate estimate, for every history", () => {
    const step = fc.record({ gapMs: fc.integer({ min: 1, max: 3 * minute }), gained: fc.integer({ min: -1, max: 3 }) });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 25 }),
        fc.array(fc.record({ after: fc.nat(), results: fc.integer({ min: 2, max: 2_000 }) }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 5_000 }),
        (steps, bulks, open) => {
          // A steady history ending now, then the same history with bulk imports inserted after some points.
          let at = now;
          let done = 0;
          const points: { at: number; done: number; results: number }[] = [];
          for (const s of [...steps].reverse()) {
            points.unshift({ at, done: 0, results: 1 });
            at -= s.gapMs;
          }
          points.unshift({ at, done: 0, results: 0 });
          const gains = [0, ...steps.map((s) => s.gained)];
          const plain = points.map((p, i) => {
            done = Math.max(0, done + (gains[i] ?? 0));
            return { ...p, done };
          });
          const inserted = new Map<number, number>();
          for (const bulk of bulks) {
            const index = bulk.after % plain.length;
            inserted.set(index, (inserted.get(index) ?? 0) + bulk.results);
          }
          const withBulk: DonePoint[] = [];
          let extra = 0;
          for (const [i, p] of plain.entries()) {
            withBulk.push({ ...p, done: p.done + extra });
            const results = inserted.get(i);
            if (results !== undefined) {
              extra += results;
              withBulk.push({ at: p.at, done: p.done + extra, results });
            }
          }
          const finalDone = (plain[plain.length - 1]?.done ?? 0) + extra;
          const c = counts({ passed: finalDone, untested: open });
          const withBulkEta = estimateFinish(c, withBulk, now, options);
          const steadyEta = estimateFinish(c, plain, now, options);
          // Same pace, same items left: the same estimate, never an earlier one.
          expect(withBulkEta).toBe(steadyEta);
          if (withBulkEta !== null && steadyEta !== null) expect(withBulkEta).toBeGreaterThanOrEqual(steadyEta);
        },
      ),
    );
  });
});
