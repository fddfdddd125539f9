/**
 * Folds queued stream events in batches, in slices that never hold the main thread for long.
 * Events that arrive within `delayMs` of the first are folded together (one store update, one
 * React render), in a task of its own: the browser draws the result in its next frame, and that
 * frame's style, layout and paint are a task apart from the script that changed the page. A
 * backlog (a burst, a replay after a reconnect) is folded a few milliseconds at a time, each
 * slice its own task, so the page keeps painting while it catches up.
 *
 * A hidden page (a hidden tab, a minimised window) folds its whole queue at once: nobody waits
 * for its frames, and its chained timers are throttled, so slicing would only make it fall behind.
 */

/** What the batcher needs of the browser; tests pass a fake with its own clock and timers. */
export interface BatchHost {
  /** ms, monotonic. */
  readonly now: () => number;
  /** Runs `run` in a task of its own after `ms`; returns a cancel. */
  readonly timer: (run: () => void, ms: number) => () => void;
  /** True while the page is not shown. */
  readonly hidden: () => boolean;
}

export interface EventBatcherOptions<T> {
  readonly host: BatchHost;
  /** Folds a chunk of the queue, in order. */
  readonly fold: (chunk: ReadonlyArray<T>) => void;
  /** Called once after each slice that folded something (one render per slice). */
  readonly folded: () => void;
  /** Whether a chunk may end between these two (e.g. never between the parts of one batch). */
  readonly canSplit: (previous: T, next: T) => boolean;
  /** How long after the first queued item the queue is folded, ms. */
  readonly delayMs?: number;
  /** Time budget of one slice, ms: the slice stops folding once it is used up. */
  readonly sliceMs?: number;
  /** Items folded in one go between two looks at the clock. */
  readonly chunkSize?: number;
}

export interface EventBatcher<T> {
  readonly push: (items: ReadonlyArray<T>) => void;
  /** Drops the queue (a snapshot replaces everything queued before it). */
  readonly drop: () => void;
  readonly queued: () => number;
  readonly dispose: () => void;
}

export const defaultDelayMs = 40;
export const defaultSliceMs = 8;
export const defaultChunkSize = 100;

export const createEventBatcher = <T>(options: EventBatcherOptions<T>): EventBatcher<T> => {
  const { host, fold, folded, canSplit } = options;
  const delayMs = options.delayMs ?? defaultDelayMs;
  const sliceMs = options.sliceMs ?? defaultSliceMs;
  const chunkSize = Math.max(1, options.chunkSize ?? defaultChunkSize);

  let queue: T[] = [];
  /** Index of the first item not folded yet. */
  let head = 0;
  let cancel: (() => void) | null = null;
  let disposed = false;

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
    cancel = null;
    if (disposed || head >= queue.length) return;
    const started = host.now();
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
    if (head < queue.length) cancel = host.timer(run, 0);
  };

  return {
    push: (items) => {
      if (items.length === 0 || disposed) return;
      for (const item of items) queue.push(item);
      cancel ??= host.timer(run, delayMs);
    },
    drop: () => {
      queue = [];
      head = 0;
    },
    queued: () => queue.length - head,
    dispose: () => {
      disposed = true;
      cancel?.();
      cancel = null;
      queue = [];
      head = 0;
    },
  };
};

/** The browser's clock and timers. */
export const browserBatchHost = (): BatchHost => ({
  now: () => performance.now(),
  timer: (run, ms) => {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
  hidden: () => typeof document !== "undefined" && document.visibilityState === "hidden",
});
