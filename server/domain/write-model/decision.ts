import { Result } from "effect";
import type { EventDraft } from "../events.ts";
import type { CommentState, ItemState, RunState } from "./state.ts";

/**
 * What a decision reads: one run (by id) and, of its items, none, all, or some by id. The store
 * loads it inside the write's transaction, so nothing changes between reading and saving.
 */
export interface Needs {
  readonly runId: string;
  readonly items: "none" | "all" | ReadonlyArray<string>;
}

/** The state a store loaded for `Needs`: items of the run only, each once, in position order. */
export interface Loaded {
  readonly run: RunState | undefined;
  readonly items: ReadonlyArray<ItemState>;
}

/** One thing a store saves. Every adapter applies each of them the same way. */
export type Change =
  | { readonly _tag: "RunInserted"; readonly run: RunState }
  | { readonly _tag: "RunSaved"; readonly run: RunState }
  | { readonly _tag: "RunDeleted"; readonly runId: string }
  | { readonly _tag: "ItemsInserted"; readonly items: ReadonlyArray<ItemState> }
  | { readonly _tag: "ItemSaved"; readonly item: ItemState }
  | { readonly _tag: "CommentInserted"; readonly comment: CommentState };

/**
 * A decision: the answer for the caller, what to save and the events that tell boards about it,
 * all committed together or not at all.
 */
export interface Decision<A> {
  readonly value: A;
  readonly changes: ReadonlyArray<Change>;
  readonly events: ReadonlyArray<EventDraft>;
}

export type Decided<A, E> = Result.Result<Decision<A>, E>;

export const decided = <A>(
  value: A,
  changes: ReadonlyArray<Change>,
  events: ReadonlyArray<EventDraft>,
): Result.Result<Decision<A>, never> => Result.succeed({ value, changes, events });

export const needsRun = (runId: string): Needs => ({ runId, items: "none" });
export const needsItems = (runId: string, itemIds: ReadonlyArray<string>): Needs => ({ runId, items: itemIds });
export const needsAllItems = (runId: string): Needs => ({ runId, items: "all" });
