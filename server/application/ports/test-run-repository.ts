import type { Effect } from "effect";
import { Context } from "effect";
import type { Comment } from "../../domain/comment.ts";
import type { NotFound } from "../../domain/errors.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import type { RunStatus, TestRunDetail, TestRunSummary } from "../../domain/test-run.ts";
import type { WallRun } from "../../domain/wall-run.ts";
import type { Decided, Loaded, Needs } from "../../domain/write-model/decision.ts";

/** A committed change with the events written in the same transaction (the outbox). */
export interface Committed<A> {
  readonly value: A;
  readonly events: ReadonlyArray<StreamEvent>;
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
  /**
   * Lowest seq still held; maxSeq + 1 when none is (nothing written yet, or all pruned), so a
   * client at any seq below minSeq - 1 is known to have missed events.
   */
  readonly minSeq: number;
  /** Highest seq ever written (0 when nothing was written); pruning never lowers it. */
  readonly maxSeq: number;
}

/**
 * Lab state and its event log. Every adapter passes the same contract suite
 * (tests/contract/, docs/contract.md).
 */
export class TestRunRepository extends Context.Service<
  TestRunRepository,
  {
    /**
     * The one way anything changes: loads what `needs` names inside a write transaction, asks the
     * pure `decide` (domain/write-model/) what to do, then saves its changes and appends its
     * events in that transaction. Succeeds once committed (durable), after the events went to the
     * EventSink in commit order; a failed decision changes nothing and fails with its error. A
     * change the store cannot save (an id it already holds, a row that is not there) or a decision
     * that throws rolls the whole write back and is a defect: the error channel is the decision's.
     */
    readonly write: <A, E>(needs: Needs, decide: (loaded: Loaded) => Decided<A, E>) => Effect.Effect<Committed<A>, E>;
    readonly getRun: (id: string) => Effect.Effect<TestRunDetail, NotFound>;
    readonly getRunSummary: (id: string) => Effect.Effect<TestRunSummary, NotFound>;
    readonly listRuns: (filter: {
      readonly status?: RunStatus;
      readonly limit: number;
    }) => Effect.Effect<ReadonlyArray<TestRunSummary>>;
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
