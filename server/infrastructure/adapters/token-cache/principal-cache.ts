import type { Principal } from "../../../application/ports/token-store.ts";

export interface PrincipalCacheOptions {
  /** Entries kept at most; the one stored longest ago goes first. */
  readonly maxEntries: number;
  /** How long a principal read from the store is believed without asking it again. */
  readonly maxAgeMs: number;
  /** Milliseconds of a monotonic clock. */
  readonly now: () => number;
}

interface Entry {
  readonly principal: Principal;
  readonly expiresAt: number;
}

/**
 * Token hash → principal, for active tokens only (an unknown or revoked hash is never kept, so a
 * token issued elsewhere works at once). Bounded in size and in age. `generation` changes on
 * every invalidation: a lookup that started before one stores nothing when it ends, so a read
 * racing a revoke cannot put the revoked token back.
 */
export const makePrincipalCache = (options: PrincipalCacheOptions) => {
  const entries = new Map<string, Entry>();
  let generation = 0;
  return {
    get: (hash: string): Principal | undefined => {
      const entry = entries.get(hash);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > options.now()) return entry.principal;
      entries.delete(hash);
      return undefined;
    },
    /** Taken before a store lookup, handed back to `set` with its result. */
    generation: (): number => generation,
    set: (hash: string, principal: Principal, lookedUpAt: number): void => {
      if (lookedUpAt !== generation) return;
      entries.delete(hash);
      entries.set(hash, { principal, expiresAt: options.now() + options.maxAgeMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    /** Forgets every principal `matches` picks, and every lookup still under way. */
    invalidate: (matches: (principal: Principal) => boolean): void => {
      generation += 1;
      for (const [hash, entry] of entries) if (matches(entry.principal)) entries.delete(hash);
    },
    size: (): number => entries.size,
  };
};

export type PrincipalCache = ReturnType<typeof makePrincipalCache>;
