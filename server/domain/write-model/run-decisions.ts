import { Result } from "effect";
import { InvalidTransition, NotFound, VersionConflict } from "../errors.ts";
import { draftEvent } from "../events.ts";
import { countStatuses } from "../run-counts.ts";
import { allowedTransitions, canTransition } from "../run-status.ts";
import type { Labels, RunStatus, TestRunDetail, TestRunSummary } from "../test-run.ts";
import { type Decided, decided, type Loaded } from "./decision.ts";
import { newItems, type NewItem } from "./item-decisions.ts";
import { withStatus } from "./run-rules.ts";
import { type RunState, runDetailOf, runSummaryOf } from "./state.ts";

export interface NewRun {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly labels: Labels;
  readonly items: ReadonlyArray<NewItem>;
}

export interface RunPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly labels?: Labels;
}

const runNotFound = (runId: string) => Result.fail(new NotFound({ entity: "run", id: runId }));

/** An edit with an expected version fails when someone else changed the run first. */
const staleRun = (run: RunState, expectedVersion: number | undefined) =>
  expectedVersion !== undefined && run.version !== expectedVersion
    ? new VersionConflict({ expectedVersion, current: runSummaryOf(run) })
    : undefined;

/** A new run is planned, version 1, with its items in the order given. */
export const decideCreateRun = (input: NewRun, now: number): Decided<TestRunDetail, never> => {
  const empty: RunState = {
    id: input.id,
    name: input.name,
    description: input.description,
    labels: input.labels,
    status: "planned",
    createdAt: now,
    startedAt: null,
    completedAt: null,
    updatedAt: now,
    version: 1,
    counts: countStatuses([]),
    nextPosition: 0,
  };
  const items = newItems(empty, input.items, now);
  const run: RunState = { ...empty, counts: countStatuses(items.map((i) => i.status)), nextPosition: items.length };
  const detail = runDetailOf(run, items);
  return decided(
    detail,
    items.length === 0
      ? [{ _tag: "RunInserted", run }]
      : [
          { _tag: "RunInserted", run },
          { _tag: "ItemsInserted", items },
        ],
    [draftEvent("run_created", run.id, null, { run: detail }, now)],
  );
};

export const decideRunUpdate = (
  loaded: Loaded,
  runId: string,
  patch: RunPatch,
  expectedVersion: number | undefined,
  now: number,
): Decided<TestRunSummary, NotFound | VersionConflict> => {
  const run = loaded.run;
  if (run === undefined) return runNotFound(runId);
  const conflict = staleRun(run, expectedVersion);
  if (conflict !== undefined) return Result.fail(conflict);
  const updated: RunState = { ...run, ...patch, updatedAt: now, version: run.version + 1 };
  const summary = runSummaryOf(updated);
  return decided(
    summary,
    [{ _tag: "RunSaved", run: updated }],
    [draftEvent("run_updated", run.id, null, { run: summary }, now)],
  );
};

/** A status change follows run-status.ts; asking for the status a run already has changes nothing. */
export const decideRunStatus = (
  loaded: Loaded,
  runId: string,
  to: RunStatus,
  expectedVersion: number | undefined,
  now: number,
): Decided<TestRunSummary, NotFound | VersionConflict | InvalidTransition> => {
  const run = loaded.run;
  if (run === undefined) return runNotFound(runId);
  const conflict = staleRun(run, expectedVersion);
  if (conflict !== undefined) return Result.fail(conflict);
  if (run.status === to) return decided(runSummaryOf(run), [], []);
  if (!canTransition(run.status, to)) {
    return Result.fail(new InvalidTransition({ from: run.status, to, allowed: allowedTransitions(run.status) }));
  }
  const updated = withStatus(run, to, now);
  const summary = runSummaryOf(updated);
  return decided(
    summary,
    [{ _tag: "RunSaved", run: updated }],
    [draftEvent("status_changed", run.id, null, { status: to, previousStatus: run.status, run: summary }, now)],
  );
};

/** Deleting a run takes its items and comments with it; its events stay in the log until pruned. */
export const decideDeleteRun = (
  loaded: Loaded,
  runId: string,
  now: number,
): Decided<{ readonly id: string }, NotFound> => {
  if (loaded.run === undefined) return runNotFound(runId);
  return decided(
    { id: runId },
    [{ _tag: "RunDeleted", runId }],
    [draftEvent("run_deleted", runId, null, { id: runId }, now)],
  );
};
