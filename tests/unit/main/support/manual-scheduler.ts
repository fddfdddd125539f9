import type { Scheduler, TimerHandle } from "../../../../main/core/scheduler.ts";

/** A clock the test moves by hand; timers fire in time order as it passes them. */
export const makeManualScheduler = (start: number) => {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { readonly at: number; readonly run: () => void }>();
  const scheduler: Scheduler = {
    now: () => now,
    setTimeout: (run, ms): TimerHandle => {
      const id = nextId;
      nextId += 1;
      timers.set(id, { at: now + Math.max(0, ms), run });
      return { id };
    },
    clearTimeout: (handle) => {
      timers.delete(handle.id);
    },
  };
  return {
    scheduler,
    /** Moves the clock forward, firing every timer that falls due on the way. */
    advance: (ms: number): void => {
      const end = now + ms;
      for (;;) {
        let nextTimer: [number, { readonly at: number; readonly run: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= end && (nextTimer === undefined || entry[1].at < nextTimer[1].at)) nextTimer = entry;
        if (nextTimer === undefined) break;
        timers.delete(nextTimer[0]);
        now = nextTimer[1].at;
        nextTimer[1].run();
      }
      now = end;
    },
    pendingTimers: (): number => timers.size,
  };
};
