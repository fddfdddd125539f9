/** A token bucket per client address. `perMinute` 0 disables it. */
export const makeRateLimiter = (perMinute: number, now: () => number) => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const capacity = Math.max(perMinute / 4, 10);
  const refillPerMs = perMinute / 60_000;
  let sweepAt = now();
  return {
    /** Seconds to wait, or 0 when the request may go ahead. */
    take: (key: string): number => {
      if (perMinute === 0) return 0;
      const t = now();
      if (t - sweepAt > 60_000) {
        for (const [k, b] of buckets) if (b.tokens + (t - b.at) * refillPerMs >= capacity) buckets.delete(k);
        sweepAt = t;
      }
      const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
      bucket.tokens = Math.min(capacity, bucket.tokens + (t - bucket.at) * refillPerMs);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / refillPerMs / 1_000);
    },
  };
};

/**
 * Slows down guessing of one kind of secret (the lab PIN, or tokens) per client address: after a
 * few failures, each further one doubles the wait (capped at 15 minutes). An address whose last
 * failure is an hour old starts afresh. The PIN and tokens each get their own throttle, so
 * nothing done with a valid token clears the PIN record.
 */
export const makeAuthThrottle = (now: () => number, freeFailures = 5, forgetAfterMs = 3_600_000) => {
  const failures = new Map<string, { count: number; blockedUntil: number; last: number }>();
  const current = (key: string, t: number) => {
    const entry = failures.get(key);
    if (entry !== undefined && t - entry.last > forgetAfterMs && entry.blockedUntil <= t) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  const waitOf = (key: string, t: number): number => {
    const entry = current(key, t);
    const wait = entry === undefined ? 0 : entry.blockedUntil - t;
    return wait > 0 ? Math.ceil(wait / 1_000) : 0;
  };
  const record = (key: string, t: number): void => {
    if (failures.size > 50_000) {
      for (const [k, e] of failures) if (t - e.last > forgetAfterMs && e.blockedUntil <= t) failures.delete(k);
    }
    const entry = current(key, t) ?? { count: 0, blockedUntil: 0, last: t };
    entry.count += 1;
    entry.last = t;
    if (entry.count > freeFailures) {
      entry.blockedUntil = t + Math.min(1_000 * 2 ** (entry.count - freeFailures - 1), 15 * 60_000);
    }
    failures.set(key, entry);
  };
  return {
    /** Seconds this address must wait before its next try; 0 when it may try now. */
    retryAfter: (key: string): number => waitOf(key, now()),
    /**
     * For slow checks (the PIN's scrypt): counts the try as a failure before it is checked, so
     * guesses sent in parallel cannot all pass the gate while the first ones are still being
     * checked. Returns the seconds to wait (and counts nothing) when the address is blocked.
     */
    attempt: (key: string): number => {
      const t = now();
      const wait = waitOf(key, t);
      if (wait > 0) return wait;
      record(key, t);
      return 0;
    },
    /** A failure found after the check (tokens, checked at once). */
    fail: (key: string): void => record(key, now()),
    /** The right secret: this address's record is cleared. */
    succeed: (key: string): void => {
      failures.delete(key);
    },
  };
};

export type AuthThrottle = ReturnType<typeof makeAuthThrottle>;
