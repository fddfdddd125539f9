/**
 * Folds queued stream events once per animation frame, in slices that never hold the main thread
 * for long: a wall under load gets one store update (one React render) per frame, drawn in that
 * same frame; a backlog (a burst, a replay after a reconnect) is folded a few milliseconds at a
 * time, each slice its own task, so the page keeps painting while it catches up.
 *
 * A page that gets no frames (a hidden tab, a minimised window) still folds: a fallback timer
 * fires when no frame came, and a hidden page folds its whole queue at once (nobody waits for its
 * frames, and its timers are throttled, so slicing would only make it fall behind).
 */

/** What the batcher needs of the browser; tests pass a fake with its own clock and frames. */
export interface BatchHost {
  /** ms, monotonic. */
  readonly now: () => number;
  /** Runs `run` before the next frame is painted; returns a cancel. */
  readonly frame: (run: () => void) => () => void;
  /** Runs `run` in a task of its own after `ms`; returns a cancel. */
  readonly timer: (run: () => void, ms: number) => () => void;
  /** True while the page is not shown. */
  readonly hidden: () => boolean;
}

export interface FrameBatcherOptions<T> {
  readonly host: BatchHost;
  /** Folds a chunk of the queue, in order. */
  readonly fold: (chunk: ReadonlyArray<T>) => void;
  /** Called once after each slice that folded something (one render per slice). */
  readonly folded: () => void;
  /** Whether a chunk may end between these two (e.g. never between the parts of one batch). */
  readonly canSplit: (previous: T, next: T) => boolean;
  /** Time budget of one slice, ms: the slice stops folding once it is used up. */
  readonly sliceMs?: number;
  /** Items folded in one go between two looks at the clock. */
  readonly chunkSize?: number;
  /** Fold anyway this long after the first queued item when no frame came, ms. */
  readonly fallbackMs?: number;
  /**
   * At least this long between two folds, ms: a frame that comes sooner is let pass (at 60 Hz,
   * 32 folds on every second frame). 0 folds on every frame.
   */
  readonly minGapMs?: number;
}

export interface FrameBatcher<T> {
  readonly push: (items: ReadonlyArray<T>) => void;
  /** Drops the queue (a snapshot replaces everything queued before it). */
  readonly drop: () => void;
  readonly queued: () => number;
  readonly dispose: () => void;
}

export const defaultSliceMs = 8;
export const defaultChunkSize = 100;
export const defaultFallbackMs = 100;
/** Frames are not exactly 16.7 ms apart: a frame this early still counts as on time. */
const frameJitterMs = 4;
/** One frame at 60 Hz, near enough. */
const frameMs = 16;

export const createFrameBatcher = <T>(options: FrameBatcherOptions<T>): FrameBatcher<T> => {
  const { host, fold, folded, canSplit } = options;
  const sliceMs = options.sliceMs ?? defaultSliceMs;
  const chunkSize = Math.max(1, options.chunkSize ?? defaultChunkSize);
  const fallbackMs = options.fallbackMs ?? defaultFallbackMs;
  const minGapMs = options.minGapMs ?? 0;

  let queue: T[] = [];
  /** Index of the first item not folded yet. */
  let head = 0;
  let cancels: Array<() => void> = [];
  let disposed = false;
  /** When the last slice started; -Infinity before the first. */
  let lastFoldAt = Number.NEGATIVE_INFINITY;

  const cancelScheduled = () => {
    for (const cancel of cancels) cancel();
    cancels = [];
  };

  /** End of the chunk that starts at `from`: at most chunkSize items, never inside an unsplittable run. */
  const chunkEnd = (from: number): number => {
    let end = Math.min(queue.length, from + chunkSize);
    while (end < queue.length) {
      const previous = queue[end - 1];
      const next = queue[end];
      if (previous === undefined || next === undefined || canSplit(previous, next)) break;
      end += 1;
    }
    return end;
  };

  const run = () => {
    cancelScheduled();
    if (disposed || head >= queue.length) return;
    const started = host.now();
    lastFoldAt = started;
    const all = host.hidden();
    while (head < queue.length) {
      const end = chunkEnd(head);
      const chunk = queue.slice(head, end);
      head = end;
      fold(chunk);
      if (!all && host.now() - started >= sliceMs) break;
    }
    if (head >= queue.length) {
      queue = [];
      head = 0;
    }
    folded();
    // The rest in a task of its own: the page paints between slices.
    if (head < queue.length) cancels = [host.timer(run, 0)];
  };

  /** A frame: folds, unless the last fold was too recent (then the next frame is asked for). */
  const onFrame = () => {
    if (host.now() - lastFoldAt >= minGapMs - frameJitterMs) run();
    else if (!disposed) cancels[0] = host.frame(onFrame);
  };

  const schedule = () => {
    if (cancels.length > 0 || disposed) return;
    // Within the gap, no frame is asked for until about one before it ends: a frame asked for
    // is a frame the browser makes, even when nothing in it changed.
    const wait = lastFoldAt + minGapMs - frameMs - host.now();
    const askFrame = () => {
      cancels[0] = host.frame(onFrame);
    };
    cancels = [wait > 0 ? host.timer(askFrame, wait) : host.frame(onFrame), host.timer(run, fallbackMs)];
  };

  return {
    push: (items) => {
      if (items.length === 0 || disposed) return;
      for (const item of items) queue.push(item);
      schedule();
    },
    drop: () => {
      queue = [];
      head = 0;
    },
    queued: () => queue.length - head,
    dispose: () => {
      disposed = true;
      cancelScheduled();
      queue = [];
      head = 0;
    },
  };
};

/** The browser's frames and timers; without animation frames (a test's DOM-less runtime) a short timer stands in. */
export const browserBatchHost = (): BatchHost => ({
  now: () => performance.now(),
  frame: (run) => {
    if (typeof requestAnimationFrame !== "function") {
      const id = setTimeout(run, 16);
      return () => clearTimeout(id);
    }
    const id = requestAnimationFrame(() => run());
    return () => cancelAnimationFrame(id);
  },
  timer: (run, ms) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
  hidden: () => typeof document !== "undefined" && document.visibilityState === "hidden",
});
