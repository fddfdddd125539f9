import type { RunCounts } from "../run-counts.ts";
import type { ItemStatus } from "../test-item.ts";
import type { RunStatus } from "../test-run.ts";
import type { RunState } from "./state.ts";

/**
 * A run moved to `to` at `now`: it starts once (startedAt is never moved), finishing stamps
 * completedAt, reopening clears it. Every status change is a new version.
 */
export const withStatus = (run: RunState, to: RunStatus, now: number): RunState => ({
  ...run,
  status: to,
  startedAt: to === "running" && run.startedAt === null ? now : run.startedAt,
  completedAt: to === "completed" || to === "aborted" ? now : to === "running" ? null : run.completedAt,
  updatedAt: now,
  version: run.version + 1,
});

/** Recording a result (any status but untested) on a planned run starts it: boards show it running at once. */
export const startsRun = (run: RunState, statuses: Iterable<ItemStatus | undefined>): boolean => {
  if (run.status !== "planned") return false;
  for (const status of statuses) if (status !== undefined && status !== "untested") return true;
  return false;
};

/** New counts and update time; counts are not a new version of the run (its items carry theirs). */
export const withCounts = (run: RunState, counts: RunCounts, now: number): RunState => ({
  ...run,
  counts,
  updatedAt: now,
});
