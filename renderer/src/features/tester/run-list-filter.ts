import { isActive } from "../../../../server/domain/run-status.ts";
import { RunStatuses } from "../../../../server/domain/test-run.ts";
import type { RunStatus, TestRunSummary } from "../../shared/live/wire.ts";

/** The run list's status filter: every run, those still in progress, or one status. */
export type RunStatusFilter = "all" | "active" | RunStatus;

export const runStatusFilters: ReadonlyArray<RunStatusFilter> = ["all", "active", ...RunStatuses];

export const matchesRunStatus = (status: RunStatus, filter: RunStatusFilter): boolean =>
  filter === "all" ? true : filter === "active" ? isActive(status) : status === filter;

/** A run matches a search when its name or one of its labels ("key=value") contains it, in any case. */
export const matchesRunQuery = (run: TestRunSummary, query: string): boolean => {
  const wanted = query.trim().toLowerCase();
  if (wanted === "") return true;
  return [run.name, ...Object.entries(run.labels).map(([key, value]) => `${key}=${value}`)].some((text) =>
    text.toLowerCase().includes(wanted),
  );
};

/** How many runs each status filter would show, for the filter buttons. */
export const countByRunFilter = (runs: ReadonlyArray<TestRunSummary>): ReadonlyMap<RunStatusFilter, number> =>
  new Map(
    runStatusFilters.map((filter) => [filter, runs.filter((run) => matchesRunStatus(run.status, filter)).length]),
  );
