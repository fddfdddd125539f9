/** An encoded state (snapshot or reset frame) and the seq it reflects. */
export interface EncodedState {
  readonly seq: number;
  readonly frame: Uint8Array;
}

export interface SnapshotCacheLimits {
  readonly maxEntries: number;
  /** A state older than this is built again (run windows and "who is testing" move with time). */
  readonly maxAgeMs: number;
}

/**
 * The last few states built, by stream key: a reconnect storm of walls after a restart builds
 * the lab's wall snapshot once, not once per screen. A state is only reused at the seq it was
 * built at, so it is exactly what a fresh build would read (within maxAgeMs of time windows).
 */
export const makeSnapshotCache = (limits: SnapshotCacheLimits, now: () => number) => {
  const entries = new Map<string, EncodedState & { readonly builtAt: number }>();
  return {
    get: (key: string, seq: number): EncodedState | undefined => {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.seq !== seq || now() - entry.builtAt > limits.maxAgeMs) {
        entries.delete(key);
        return undefined;
      }
      return entry;
    },
    put: (key: string, state: EncodedState): void => {
      entries.delete(key);
      entries.set(key, { ...state, builtAt: now() });
      // Oldest first in a Map: drop from the front.
      for (const oldest of entries.keys()) {
        if (entries.size <= limits.maxEntries) break;
        entries.delete(oldest);
      }
    },
    size: (): number => entries.size,
  };
};

export type SnapshotCache = ReturnType<typeof makeSnapshotCache>;
