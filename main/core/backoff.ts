/**
 * Exponential backoff with jitter for reloads and restarts. The count starts over only after a
 * success has lasted `resetAfterMs`: a renderer that crashes every minute keeps backing off, one
 * that crashed once last week reloads at once.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0…1: a delay is spread by ± this fraction so many screens do not retry in step. */
  readonly jitter: number;
  readonly resetAfterMs: number;
}

export interface Backoff {
  /** Records a failure at `now`; returns how long to wait before the next try. */
  readonly failure: (now: number) => number;
  /** Records that the thing is up (again) at `now`. */
  readonly success: (now: number) => void;
  /** Failures counted since the last reset. */
  readonly attempts: () => number;
}

export const rendererBackoff: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 60_000,
  factor: 2,
  jitter: 0.2,
  resetAfterMs: 5 * 60_000,
};
export const serverBackoff: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.1,
  resetAfterMs: 5 * 60_000,
};

export const makeBackoff = (policy: BackoffPolicy, random: () => number = Math.random): Backoff => {
  let attempts = 0;
  let upSince: number | undefined;
  return {
    failure: (now) => {
      if (upSince !== undefined && now - upSince >= policy.resetAfterMs) attempts = 0;
      upSince = undefined;
      const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** attempts);
      attempts += 1;
      const spread = base * policy.jitter;
      return Math.max(0, Math.round(Math.min(policy.maxMs, base - spread + 2 * spread * random())));
    },
    success: (now) => {
      upSince ??= now;
    },
    attempts: () => attempts,
  };
};
