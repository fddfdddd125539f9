import { type ActivityEntry, mergeActivity, mergeComments } from "./activity.ts";
import { type BatchHost, browserBatchHost, createEventBatcher, defaultDelayMs } from "./event-batcher.ts";
import { applyEvents, emptyLiveState, type LiveState, pruneFinished } from "./live-state.ts";
import { type Comment, type LiveEvent, liveEventsOf, type WireEvent } from "./wire.ts";

/**
 * Holds one page's live state. Events are applied in batches (one render for however many
 * arrived within 40 ms), in a task of their own; a backlog (a burst, a replay after a reconnect)
 * in slices of a few milliseconds each (event-batcher.ts). A timer rather than animation frames,
 * so a hidden wall window keeps applying them instead of queueing without bound.
 */
export interface LiveStore {
  readonly getState: () => LiveState;
  readonly subscribe: (listener: () => void) => () => void;
  readonly push: (event: WireEvent) => void;
  readonly seedActivity: (entries: ReadonlyArray<ActivityEntry>) => void;
  readonly seedComments: (comments: ReadonlyArray<Comment>) => void;
  readonly prune: (serverNow: number) => void;
  readonly clear: () => void;
  readonly dispose: () => void;
}

export interface LiveStoreOptions {
  /** Forget finished runs this long after they finished; null keeps them. */
  readonly retainFinishedMs: number | null;
  readonly batchMs?: number;
  /** Clock and timers; the browser's by default. */
  readonly host?: BatchHost;
}

export const createLiveStore = (options: LiveStoreOptions): LiveStore => {
  let state: LiveState = emptyLiveState;
  const listeners = new Set<() => void>();

  const set = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };

  /** State folded by the current slice, published once the slice ends. */
  let folding: LiveState | null = null;
  const batcher = createEventBatcher<LiveEvent>({
    host: options.host ?? browserBatchHost(),
    delayMs: options.batchMs ?? defaultDelayMs,
    fold: (chunk) => {
      folding = applyEvents(folding ?? state, chunk);
    },
    folded: () => {
      const next = folding;
      folding = null;
      if (next !== null) set(next);
    },
    // The parts of one batch share its seq and must be applied together (see applyEvents).
    canSplit: (previous, next) => next.kind === "state" || previous.seq !== next.seq,
  });

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push: (event) => {
      const decoded = liveEventsOf(event);
      if (decoded.length === 0) return;
      // A snapshot replaces everything queued before it.
      if (decoded.some((e) => e.kind === "state")) batcher.drop();
      batcher.push(decoded);
    },
    seedActivity: (entries) => set({ ...state, activity: mergeActivity(state.activity, entries) }),
    seedComments: (comments) => set({ ...state, comments: mergeComments(state.comments, comments) }),
    prune: (serverNow) => {
      if (options.retainFinishedMs !== null) set(pruneFinished(state, serverNow, options.retainFinishedMs));
    },
    clear: () => {
      batcher.drop();
      set(emptyLiveState);
    },
    dispose: () => batcher.dispose(),
  };
};
