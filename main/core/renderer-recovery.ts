import { type BackoffPolicy, makeBackoff, rendererBackoff } from "./backoff.ts";
import type { Scheduler, TimerHandle } from "./scheduler.ts";

/** "reload": load the board again; "restart": kill the hung renderer, then load it in a new one. */
export type RecoveryAction = "reload" | "restart";

export interface RecoveryOptions {
  readonly scheduler: Scheduler;
  readonly act: (action: RecoveryAction, reason: string) => void;
  readonly backoff?: BackoffPolicy;
  /** How long a renderer may stay unresponsive (a long GC, a huge snapshot) before it is restarted. */
  readonly unresponsiveGraceMs?: number;
  readonly random?: () => number;
}

export interface RendererRecovery {
  /** The renderer process crashed, was killed or ran out of memory. */
  readonly gone: (reason: string) => void;
  readonly unresponsive: () => void;
  readonly responsive: () => void;
  /** The board did not load (server restarting, host PC off, network down). */
  readonly loadFailed: (description: string) => void;
  /** The board loaded: the backoff starts counting its stable time. */
  readonly loaded: () => void;
  /** Skip the wait: the server is known to be back. */
  readonly retryNow: () => void;
  /** True while a reload is scheduled. */
  readonly pending: () => boolean;
  readonly dispose: () => void;
}

/**
 * Keeps one kiosk window's board alive. Every failure schedules one reload after an exponential,
 * jittered delay — never a tight loop against a server that is down, never a wall left blank.
 */
export const makeRendererRecovery = (options: RecoveryOptions): RendererRecovery => {
  const { scheduler, act } = options;
  const backoff = makeBackoff(options.backoff ?? rendererBackoff, options.random);
  const graceMs = options.unresponsiveGraceMs ?? 15_000;
  let reloadTimer: TimerHandle | undefined;
  let reloadReason = "";
  let graceTimer: TimerHandle | undefined;
  let restartedByUs = false;
  let disposed = false;

  const clearGrace = (): void => {
    if (graceTimer !== undefined) scheduler.clearTimeout(graceTimer);
    graceTimer = undefined;
  };

  const scheduleReload = (reason: string): void => {
    if (disposed || reloadTimer !== undefined) return;
    reloadReason = reason;
    reloadTimer = scheduler.setTimeout(() => {
      reloadTimer = undefined;
      if (!disposed) act("reload", reason);
    }, backoff.failure(scheduler.now()));
  };

  return {
    gone: (reason) => {
      clearGrace();
      if (restartedByUs) {
        // Our own restart of a hung renderer: its reload is already under way.
        restartedByUs = false;
        return;
      }
      scheduleReload(`renderer ${reason}`);
    },
    unresponsive: () => {
      if (disposed || graceTimer !== undefined || reloadTimer !== undefined) return;
      graceTimer = scheduler.setTimeout(() => {
        graceTimer = undefined;
        if (disposed) return;
        backoff.failure(scheduler.now());
        restartedByUs = true;
        act("restart", "renderer unresponsive");
      }, graceMs);
    },
    responsive: clearGrace,
    loadFailed: (description) => scheduleReload(`load failed: ${description}`),
    loaded: () => {
      restartedByUs = false;
      backoff.success(scheduler.now());
    },
    retryNow: () => {
      if (reloadTimer === undefined || disposed) return;
      scheduler.clearTimeout(reloadTimer);
      reloadTimer = undefined;
      act("reload", `${reloadReason} (retried early)`);
    },
    pending: () => reloadTimer !== undefined,
    dispose: () => {
      disposed = true;
      clearGrace();
      if (reloadTimer !== undefined) scheduler.clearTimeout(reloadTimer);
      reloadTimer = undefined;
    },
  };
};
