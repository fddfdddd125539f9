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
 * Slows down token and PIN guessing: after a few failures from one address, each further failure
 * doubles the wait (capped at 15 minutes). A success clears the record.
 */
export const makeAuthThrottle = (now: () => number, freeFailures = 5) => {
  const failures = new Map<string, { count: number; blockedUntil: number; last: number }>();
  return {
    retryAfter: (key: string): number => {
      const entry = failures.get(key);
      if (entry === undefined) return 0;
      const wait = entry.blockedUntil - now();
      return wait > 0 ? Math.ceil(wait / 1_000) : 0;
    },
    fail: (key: string): void => {
      const t = now();
      if (failures.size > 50_000) {
        for (const [k, e] of failures) if (t - e.last > 3_600_000) failures.delete(k);
      }
      const entry = failures.get(key) ?? { count: 0, blockedUntil: 0, last: t };
      entry.count += 1;
      entry.last = t;
      if (entry.count > freeFailures) {
        entry.blockedUntil = t + Math.min(1_000 * 2 ** (entry.count - freeFailures - 1), 15 * 60_000);
      }
      failures.set(key, entry);
    },
    succeed: (key: string): void => {
      failures.delete(key);
    },
  };
};
