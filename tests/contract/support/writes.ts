import { Effect } from "effect";
import {
  type PageLimits,
  type RunSelection,
  TestRunRepository,
} from "../../../server/application/ports/test-run-repository.ts";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";
import type { RunStatus } from "../../../server/domain/test-run.ts";
import { decideComment } from "../../../server/domain/write-model/comment-decisions.ts";
import { needsAllItems, needsItems, needsRun } from "../../../server/domain/write-model/decision.ts";
import {
  decideAddItems,
  decideItemUpdate,
  type ItemPatch,
  type NewItem,
} from "../../../server/domain/write-model/item-decisions.ts";
import { decideResults, type ResultRecord } from "../../../server/domain/write-model/result-decisions.ts";
import {
  decideCreateRun,
  decideDeleteRun,
  decideRunStatus,
  decideRunUpdate,
  type NewRun,
} from "../../../server/domain/write-model/run-decisions.ts";

/**
 * The writes the cases make, each the way a use case makes it (application/usecases/): a pure
 * domain decision handed to the port's `write`. Times are explicit, so nothing depends on a clock.
 */

export type Repo = TestRunRepository["Service"];

export const withRepo = <A, E>(use: (repo: Repo) => Effect.Effect<A, E>): Effect.Effect<A, E, TestRunRepository> =>
  Effect.flatMap(Effect.service(TestRunRepository), use);

/** A fixed morning, so that board windows and wall windows are plain arithmetic. */
export const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
export const minutes = (n: number): number => T0 + n * 60_000;
export const hours = (n: number): number => T0 + n * 3_600_000;

export const itemIdOf = (runId: string, index: number): string => `${runId}.item-${index}`;

export const newItem = (runId: string, index: number): NewItem => ({
  id: itemIdOf(runId, index),
  title: `Check ${index} of ${runId}`,
  section: index % 2 === 0 ? "Even" : "Odd",
  key: `${runId}.key-${index}`,
});

export const newRun = (id: string, itemCount: number): NewRun => ({
  id,
  name: `Run ${id}`,
  description: `What ${id} covers`,
  labels: { build: "1.2.3", line: "Süd" },
  items: Array.from({ length: itemCount }, (_, i) => newItem(id, i)),
});

export const createRun = (id: string, itemCount = 3, now = T0) =>
  withRepo((repo) => repo.write(needsRun(id), () => decideCreateRun(newRun(id, itemCount), now)));

export interface ItemWrite {
  readonly expectedVersion?: number;
  readonly actor?: string;
  readonly now?: number;
}

export const updateItem = (runId: string, index: number, patch: ItemPatch, options: ItemWrite = {}) => {
  const itemId = itemIdOf(runId, index);
  return withRepo((repo) =>
    repo.write(needsItems(runId, [itemId]), (loaded) =>
      decideItemUpdate(loaded, runId, itemId, patch, options.expectedVersion, options.actor ?? null, options.now ?? T0),
    ),
  );
};

export const addComment = (runId: string, id: string, body: string, now = T0) =>
  withRepo((repo) =>
    repo.write(needsRun(runId), (loaded) =>
      decideComment(loaded, { id, runId, itemId: null, author: "Ana", body }, now),
    ),
  );

export const renameRun = (runId: string, name: string, expectedVersion?: number, now = T0) =>
  withRepo((repo) =>
    repo.write(needsRun(runId), (loaded) => decideRunUpdate(loaded, runId, { name }, expectedVersion, now)),
  );

export const setRunStatus = (runId: string, to: RunStatus, now = T0) =>
  withRepo((repo) => repo.write(needsRun(runId), (loaded) => decideRunStatus(loaded, runId, to, undefined, now)));

export const deleteRun = (runId: string, now = T0) =>
  withRepo((repo) => repo.write(needsRun(runId), (loaded) => decideDeleteRun(loaded, runId, now)));

export const addItems = (runId: string, items: ReadonlyArray<NewItem>, now = T0) =>
  withRepo((repo) => repo.write(needsRun(runId), (loaded) => decideAddItems(loaded, runId, items, now)));

export const recordResults = (runId: string, results: ReadonlyArray<ResultRecord>, now = T0) =>
  withRepo((repo) => repo.write(needsAllItems(runId), (loaded) => decideResults(loaded, runId, results, "CI", now)));

export const everyRun: RunSelection = { runIds: null };
export const onlyRuns = (...runIds: ReadonlyArray<string>): RunSelection => ({ runIds });
/** A page that holds the whole log of any case. */
export const wholeLog: PageLimits = { limit: 1_000_000, maxBytes: Number.MAX_SAFE_INTEGER };

export const eventsAfter = (after: number, selection: RunSelection = everyRun) =>
  withRepo((repo) => repo.eventsAfter(after, selection, wholeLog)).pipe(Effect.map((page) => page.events));

export const allEvents = (
  selection: RunSelection = everyRun,
): Effect.Effect<ReadonlyArray<StreamEvent>, never, TestRunRepository> => eventsAfter(0, selection);

export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
