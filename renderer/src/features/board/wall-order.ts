import { isActive } from "../../../../server/domain/run-status.ts";
import type { RunEntry } from "../../shared/live/live-state.ts";
import type { RunCounts, RunStatus } from "../../shared/live/wire.ts";

/**
 * What a run's border and glyph say at a glance: failing, blocked, clean (nothing wrong yet) or
 * finished (completed or aborted, whatever its results).
 */
export type RunHealth = "failing" | "blocked" | "clean" | "finished";

export const runHealth = (status: RunStatus, counts: RunCounts): RunHealth => {
  if (!isActive(status)) return "finished";
  if (counts.failed > 0) return "failing";
  if (counts.blocked > 0) return "blocked";
  return "clean";
};

/** A failure this recent makes a run "new failure": first on the wall, on every page. */
export const newFailureWindowMs = 10 * 60_000;

/** A running run without a result for this long needs someone to look (is the bench stuck?). */
export const stalledAfterMs = 30 * 60_000;

/**
 * Severity tiers, most urgent first: a new failure; failing; blocked; running but stalled;
 * running; paused or planned; finished.
 */
export type SeverityTier = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface Severity {
  readonly tier: SeverityTier;
  /** Larger first within a tier; coarse buckets, so a run moves only when its numbers change class. */
  readonly weight: number;
}

/** 0, 1, 2–4, 5–9, 10–19, 20–49, 50–99, 100+ → 0…7. */
export const countBucket = (n: number): number => {
  const edges = [1, 2, 5, 10, 20, 50, 100];
  let bucket = 0;
  for (const edge of edges) if (n >= edge) bucket += 1;
  return bucket;
};

/** Failed share of decided results: < 5 %, < 15 %, < 30 %, more → 0…3. */
export const rateBucket = (counts: RunCounts): number => {
  const decided = counts.passed + counts.failed;
  if (decided === 0 || counts.failed === 0) return 0;
  const rate = counts.failed / decided;
  return rate < 0.05 ? 0 : rate < 0.15 ? 1 : rate < 0.3 ? 2 : 3;
};

export const hasNewFailure = (entry: RunEntry, serverNow: number): boolean =>
  isActive(entry.run.status) &&
  entry.run.counts.failed > 0 &&
  entry.newFailureAt !== null &&
  serverNow - entry.newFailureAt < newFailureWindowMs;

export const isStalled = (entry: RunEntry, serverNow: number): boolean =>
  entry.run.status === "running" && entry.lastActivityAt !== null && serverNow - entry.lastActivityAt > stalledAfterMs;

export const severityOf = (entry: RunEntry, serverNow: number): Severity => {
  const { counts, status } = entry.run;
  const failing = countBucket(counts.failed) * 4 + rateBucket(counts);
  if (!isActive(status)) return { tier: 6, weight: 0 };
  if (hasNewFailure(entry, serverNow)) return { tier: 0, weight: failing };
  if (counts.failed > 0) return { tier: 1, weight: failing };
  if (counts.blocked > 0) return { tier: 2, weight: countBucket(counts.blocked) };
  if (isStalled(entry, serverNow)) return { tier: 3, weight: 0 };
  return { tier: status === "running" ? 4 : 5, weight: 0 };
};

const finishedAt = (entry: RunEntry): string => entry.run.completedAt ?? entry.run.updatedAt;

/**
 * Orders a wall's runs by what needs a person, most urgent first. Within a tier: heavier first,
 * then the order asked for in `?runs=` (or oldest first), so runs keep their places between
 * updates; finished runs newest-finished first.
 */
export const compareSeverity = (
  serverNow: number,
  requestedOrder: ReadonlyMap<string, number>,
): ((a: RunEntry, b: RunEntry) => number) => {
  const cache = new Map<string, Severity>();
  const severity = (entry: RunEntry): Severity => {
    let known = cache.get(entry.run.id);
    if (known === undefined) {
      known = severityOf(entry, serverNow);
      cache.set(entry.run.id, known);
    }
    return known;
  };
  return (a, b) => {
    const sa = severity(a);
    const sb = severity(b);
    if (sa.tier !== sb.tier) return sa.tier - sb.tier;
    if (sa.weight !== sb.weight) return sb.weight - sa.weight;
    if (requestedOrder.size > 0) {
      const byRequest = (requestedOrder.get(a.run.id) ?? 0) - (requestedOrder.get(b.run.id) ?? 0);
      if (byRequest !== 0) return byRequest;
    }
    if (sa.tier === 6) {
      const fa = finishedAt(a);
      const fb = finishedAt(b);
      if (fa !== fb) return fa < fb ? 1 : -1;
    }
    if (a.run.createdAt !== b.run.createdAt) return a.run.createdAt < b.run.createdAt ? -1 : 1;
    return a.run.id < b.run.id ? -1 : a.run.id > b.run.id ? 1 : 0;
  };
};
