import { type ActivityEntry, mergeActivity, mergeComments } from "./activity.ts";
import { type BatchHost, browserBatchHost, createFrameBatcher } from "./frame-batcher.ts";
import { applyEvents, emptyLiveState, type LiveState, pruneFinished } from "./live-state.ts";
import { type Comment, type LiveEvent, liveEventsOf, type WireEvent } from "./wire.ts";

/**
 * Holds one page's live state. Events are applied in an animation frame, at most every second
 * one (one render for however many events arrived, drawn in that frame), a backlog in slices of a few milliseconds each
 * (frame-batcher.ts); a hidden wall window keeps applying them on a timer instead of queueing
 * without bound.
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
  /** Frames and timers; the browser's by default. */
  readonly host?: BatchHost;
}

/**
 * At most one fold (one render) every second frame at 60 Hz: each costs the wall a frame of
 * style, layout, paint and raster, and on every frame the wall used 45 % more CPU than this
 * under 200 results/s (docs/decisions.md §33).
 */
const foldGapMs = 32;

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
  const batcher = createFrameBatcher<LiveEvent>({
    host: options.host ?? browserBatchHost(),
    minGapMs: foldGapMs,
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
