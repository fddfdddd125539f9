import { Schema } from "effect";
import { type ItemStatus, ItemStatuses } from "./test-item.ts";

export const RunCounts = Schema.Struct({
  total: Schema.Int,
  untested: Schema.Int,
  passed: Schema.Int,
  failed: Schema.Int,
  blocked: Schema.Int,
  skipped: Schema.Int,
  retest: Schema.Int,
});
export type RunCounts = typeof RunCounts.Type;

export const emptyCounts = (): RunCounts => ({
  total: 0,
  untested: 0,
  passed: 0,
  failed: 0,
  blocked: 0,
  skipped: 0,
  retest: 0,
});

export const countStatuses = (statuses: Iterable<ItemStatus>): RunCounts => {
  const counts: Record<ItemStatus, number> = { untested: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0 };
  let total = 0;
  for (const status of statuses) {
    counts[status] += 1;
    total += 1;
  }
  return { total, ...counts };
};

/** Counts after one item moved from `from` to `to` (or was added when `from` is null). */
export const shiftCounts = (counts: RunCounts, from: ItemStatus | null, to: ItemStatus): RunCounts => {
  if (from === to) return counts;
  const next = { ...counts };
  if (from === null) next.total += 1;
  else next[from] -= 1;
  next[to] += 1;
  return next;
};

export const isConsistent = (counts: RunCounts): boolean =>
  ItemStatuses.reduce((sum, status) => sum + counts[status], 0) === counts.total;

/** The counts of anything that carries them as fields (a stored row), and nothing else of it. */
export const pickCounts = (source: RunCounts): RunCounts => ({
  total: source.total,
  untested: source.untested,
  passed: source.passed,
  failed: source.failed,
  blocked: source.blocked,
  skipped: source.skipped,
  retest: source.retest,
});
