/** Time as the main-process modules see it: injected, so tests can drive it step by step. */
export interface Scheduler {
  readonly now: () => number;
  readonly setTimeout: (run: () => void, ms: number) => TimerHandle;
  readonly clearTimeout: (handle: TimerHandle) => void;
}

export interface TimerHandle {
  readonly id: number;
}

/** Timers are re-armed at least this often, so a changed clock or a sleep is noticed. */
export const maxTimerMs = 60 * 60_000;

export const systemScheduler = (): Scheduler => {
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let next = 1;
  return {
    now: () => Date.now(),
    setTimeout: (run, ms) => {
      const id = next;
      next += 1;
      const timer = setTimeout(
        () => {
          timers.delete(id);
          run();
        },
        Math.max(0, ms),
      );
      timer.unref();
      timers.set(id, timer);
      return { id };
    },
    clearTimeout: (handle) => {
      const timer = timers.get(handle.id);
      if (timer !== undefined) clearTimeout(timer);
      timers.delete(handle.id);
    },
  };
};

/**
 * Runs `run` at the instants `nextAt` names, one after another, re-checking the clock at least
 * hourly (a wall PC's clock may be corrected, or it may sleep). `nextAt` returning undefined stops.
 */
export const runAtInstants = (
  scheduler: Scheduler,
  nextAt: (now: number) => number | undefined,
  run: () => void,
): { readonly stop: () => void } => {
  let handle: TimerHandle | undefined;
  let stopped = false;
  let target = nextAt(scheduler.now());
  const arm = (): void => {
    if (stopped || target === undefined) return;
    const wait = Math.min(maxTimerMs, Math.max(0, target - scheduler.now()));
    handle = scheduler.setTimeout(() => {
      handle = undefined;
      if (target !== undefined && scheduler.now() >= target) {
        run();
        target = nextAt(scheduler.now());
      }
      arm();
    }, wait);
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      if (handle !== undefined) scheduler.clearTimeout(handle);
    },
  };
};
