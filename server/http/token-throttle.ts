import { createHash } from "node:crypto";
import { makeAuthThrottle } from "./rate-limiter.ts";

const digest = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

/**
 * Token guessing per address. A valid token clears nothing (a guesser holding one, even a
 * viewer's, could otherwise wipe the record between guesses). While an address is blocked its
 * tokens are not even checked, except those that already authenticated from it before: the
 * people at that address keep working, a new guess waits.
 */
export const makeTokenThrottle = (
  now: () => number,
  options: { readonly freeFailures?: number; readonly maxAddresses?: number } = {},
) => {
  const failures = makeAuthThrottle(now, options.freeFailures);
  const maxAddresses = options.maxAddresses ?? 10_000;
  const proven = new Map<string, Set<string>>();
  return {
    /** Seconds this token must wait from this address; 0 when it may be checked now. */
    retryAfter: (key: string, token: string): number => {
      const wait = failures.retryAfter(key);
      return wait > 0 && proven.get(key)?.has(digest(token)) !== true ? wait : 0;
    },
    fail: (key: string): void => failures.fail(key),
    /** The token is good: remembered for this address (a bounded set), the failures stay. */
    succeed: (key: string, token: string): void => {
      const known = proven.get(key) ?? new Set<string>();
      proven.delete(key);
      if (known.size >= 32) known.clear();
      known.add(digest(token));
      proven.set(key, known);
      if (proven.size > maxAddresses) {
        const oldest = proven.keys().next().value;
        if (oldest !== undefined) proven.delete(oldest);
      }
    },
    /** Clears an address's failures (between independent cases of a test; an admin unblocking). */
    forget: (key: string): void => failures.succeed(key),
  };
};

export type TokenThrottle = ReturnType<typeof makeTokenThrottle>;
