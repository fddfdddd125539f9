import type { Effect } from "effect";
import { Context } from "effect";
import type { Comment } from "../../domain/comment.ts";
import type { InvalidInput, InvalidTransition, NotFound, VersionConflict } from "../../domain/errors.ts";
import type { RunCounts } from "../../domain/run-counts.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import type { ItemStatus, TestItem } from "../../domain/test-item.ts";
import type { Labels, RunStatus, TestRunDetail, TestRunSummary } from "../../domain/test-run.ts";
import type { WallRun } from "../../domain/wall-run.ts";

/** A committed change with the events written in the same transaction (the outbox). */
export interface Committed<A> {
  readonly value: A;
  readonly events: ReadonlyArray<StreamEvent>;
}

export interface NewItemRecord {
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly key: string | null;
}

export interface CreateRunRecord {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly labels: Labels;
  readonly items: ReadonlyArray<NewItemRecord>;
  readonly now: number;
  readonly actor: string | null;
}

export interface RunPatch {
  readonly name?: string;
  readonly description?: string | null;
  readonly labels?: Labels;
}

export interface ItemPatch {
  readonly status?: ItemStatus;
  readonly note?: string | null;
  readonly assignee?: string | null;
  readonly durationMs?: number | null;
}

export interface ItemUpdated {
  readonly item: TestItem;
  readonly counts: RunCounts;
}

/** One result of a bulk import, its item already resolved by the use case's rules. */
export interface ResultRecord {
  readonly match: { readonly itemId: string } | { readonly key: string; readonly create: NewItemRecord | null };
  readonly patch: ItemPatch;
}

export interface ResultsRecorded {
  readonly items: ReadonlyArray<TestItem>;
  readonly added: number;
  readonly counts: RunCounts;
}

export interface RunSelection {
  /** null: every run on the board (active, or finished within the board window). */
  readonly runIds: ReadonlyArray<string> | null;
}

export interface Snapshot {
  /** The highest event seq included in this state. */
  readonly seq: number;
  readonly runs: ReadonlyArray<TestRunDetail>;
}

/** A page of the event log; `more` when the page stopped at its limit or byte budget. */
export interface EventPage {
  readonly events: ReadonlyArray<StreamEvent>;
  readonly more: boolean;
}

export interface PageLimits {
  /** Most events in the page. */
  readonly limit: number;
  /** Most bytes of event data in the page (the first event always fits, whatever its size). */
  readonly maxBytes: number;
}

/** The state a wall shows, without items: see domain/wall-run.ts. */
export interface WallSnapshot {
  readonly seq: number;
  readonly runs: ReadonlyArray<WallRun>;
}

export interface EventLogBounds {
  /** Lowest seq still held (0 when the log is empty). */
  readonly minSeq: number;
  /** Highest seq ever written (0 when nothing was written). */
  readonly maxSeq: number;
}

export class TestRunRepository extends Context.Service<
  TestRunRepository,
  {
    readonly createRun: (record: CreateRunRecord) => Effect.Effect<Committed<TestRunDetail>>;
    readonly getRun: (id: string) => Effect.Effect<TestRunDetail, NotFound>;
    readonly getRunSummary: (id: string) => Effect.Effect<TestRunSummary, NotFound>;
    readonly listRuns: (filter: {
      readonly status?: RunStatus;
      readonly limit: number;
    }) => Effect.Effect<ReadonlyArray<TestRunSummary>>;
    readonly updateRun: (
      id: string,
      patch: RunPatch,
      expectedVersion: number | undefined,
      now: number,
    ) => Effect.Effect<Committed<TestRunSummary>, NotFound | VersionConflict>;
    readonly setRunStatus: (
      id: string,
      status: RunStatus,
      expectedVersion: number | undefined,
      now: number,
    ) => Effect.Effect<Committed<TestRunSummary>, NotFound | VersionConflict | InvalidTransition>;
    readonly deleteRun: (id: string, now: number) => Effect.Effect<Committed<{ readonly id: string }>, NotFound>;
    readonly addItems: (
      runId: string,
      items: ReadonlyArray<NewItemRecord>,
      now: number,
    ) => Effect.Effect<
      Committed<{ readonly items: ReadonlyArray<TestItem>; readonly counts: RunCounts }>,
      NotFound | InvalidInput
    >;
    readonly updateItem: (
      runId: string,
      itemId: string,
      patch: ItemPatch,
      expectedVersion: number | undefined,
      actor: string | null,
      now: number,
    ) => Effect.Effect<Committed<ItemUpdated>, NotFound | VersionConflict | InvalidTransition>;
    /**
     * Records many results in one transaction with one `batch` event; fails with InvalidInput
     * listing every result that matches no item (and changes nothing).
     */
    readonly recordResults: (
      runId: string,
      results: ReadonlyArray<ResultRecord>,
      actor: string | null,
      now: number,
    ) => Effect.Effect<Committed<ResultsRecorded>, NotFound | InvalidInput>;
    readonly addComment: (
      comment: Omit<Comment, "createdAt">,
      now: number,
    ) => Effect.Effect<Committed<Comment>, NotFound>;
    readonly listComments: (runId: string, limit: number) => Effect.Effect<ReadonlyArray<Comment>, NotFound>;
    /** Events with seq > after for the selected runs, oldest first, bounded in count and bytes. */
    readonly eventsAfter: (after: number, selection: RunSelection, page: PageLimits) => Effect.Effect<EventPage>;
    readonly eventBounds: Effect.Effect<EventLogBounds>;
    /** How many events of the selected runs follow `after`, counted up to `cap + 1` at most. */
    readonly countEventsAfter: (after: number, selection: RunSelection, cap: number) => Effect.Effect<number>;
    /** Current state and the seq it reflects, read atomically. */
    readonly snapshot: (selection: RunSelection, now: number) => Effect.Effect<Snapshot>;
    /** Run summaries with what a wall shows (newest failures, testers, recent progress), read atomically. */
    readonly wallSnapshot: (selection: RunSelection, now: number) => Effect.Effect<WallSnapshot>;
    /** Drops the oldest events beyond `keep`; returns how many were dropped. */
    readonly pruneEvents: (keep: number) => Effect.Effect<number>;
  }
>()("medi-test/TestRunRepository") {}
