import { type ActivityEntry, mergeActivity, mergeComments } from "./activity.ts";
import { applyEvents, emptyLiveState, type LiveState, pruneFinished } from "./live-state.ts";
import { type Comment, type LiveEvent, liveEventsOf, type WireEvent } from "./wire.ts";

/**
 * Holds one page's live state. Events are applied in small batches (one render for a burst,
 * e.g. a replay after a reconnect) through a timer rather than animation frames, so a hidden
 * wall window keeps applying them instead of queueing without bound.
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
}

export const createLiveStore = (options: LiveStoreOptions): LiveStore => {
  let state: LiveState = emptyLiveState;
  let pending: LiveEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<() => void>();

  const set = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };

  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    set(applyEvents(state, batch));
  };

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
      if (decoded.some((e) => e.kind === "state")) pending = [];
      pending.push(...decoded);
      timer ??= setTimeout(flush, options.batchMs ?? 40);
    },
    seedActivity: (entries) => set({ ...state, activity: mergeActivity(state.activity, entries) }),
    seedComments: (comments) => set({ ...state, comments: mergeComments(state.comments, comments) }),
    prune: (serverNow) => {
      if (options.retainFinishedMs !== null) set(pruneFinished(state, serverNow, options.retainFinishedMs));
    },
    clear: () => {
      pending = [];
      set(emptyLiveState);
    },
    dispose: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
};
