import { decidePower, type PowerPolicy } from "./schedule.ts";
import { runAtInstants, type Scheduler } from "./scheduler.ts";

/** Electron's powerSaveBlocker, reduced to what is used. */
export interface PowerBlocker {
  readonly start: () => number;
  readonly stop: (id: number) => void;
}

export interface PowerKeeper {
  /** Decides again for the given policy and whether any board is on a screen. */
  readonly update: (policy: PowerPolicy, boardsShowing: boolean) => void;
  readonly isKeepingAwake: () => boolean;
  readonly stop: () => void;
}

/**
 * Holds a display-sleep blocker exactly while boards show and the schedule (if any) says on; at
 * each schedule switch it decides again by itself.
 */
export const makePowerKeeper = (blocker: PowerBlocker, scheduler: Scheduler): PowerKeeper => {
  let blockerId: number | undefined;
  let timer: { readonly stop: () => void } | undefined;

  const hold = (keepAwake: boolean): void => {
    if (keepAwake && blockerId === undefined) blockerId = blocker.start();
    if (!keepAwake && blockerId !== undefined) {
      blocker.stop(blockerId);
      blockerId = undefined;
    }
  };

  const update = (policy: PowerPolicy, boardsShowing: boolean): void => {
    timer?.stop();
    timer = undefined;
    const decision = decidePower(policy, boardsShowing, scheduler.now());
    hold(decision.keepAwake);
    if (decision.recheckAt !== undefined) {
      timer = runAtInstants(
        scheduler,
        (now) => decidePower(policy, boardsShowing, now).recheckAt,
        () => hold(decidePower(policy, boardsShowing, scheduler.now()).keepAwake),
      );
    }
  };

  return {
    update,
    isKeepingAwake: () => blockerId !== undefined,
    stop: () => {
      timer?.stop();
      timer = undefined;
      hold(false);
    },
  };
};
