/**
 * Latencies counted in buckets (whole milliseconds by default: event timestamps have millisecond
 * resolution), so that millions of deliveries cost a fixed amount of memory.
 */
export interface LatencyHistogram {
  readonly record: (ms: number) => void;
  readonly count: () => number;
  /** The value at quantile q (0..1); NaN when empty. */
  readonly quantile: (q: number) => number;
  readonly max: () => number;
}

export const makeLatencyHistogram = (limitMs = 120_000, resolutionMs = 1): LatencyHistogram => {
  const size = Math.ceil(limitMs / resolutionMs);
  const buckets = new Uint32Array(size + 1);
  let total = 0;
  let highest = Number.NaN;
  return {
    record: (ms) => {
      const bucket = Math.min(size, Math.max(0, Math.round(ms / resolutionMs)));
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
      total += 1;
      if (!(ms <= highest)) highest = ms;
    },
    count: () => total,
    quantile: (q) => {
      if (total === 0) return Number.NaN;
      const rank = Math.max(1, Math.ceil(q * total));
      let seen = 0;
      for (let i = 0; i < buckets.length; i++) {
        seen += buckets[i] ?? 0;
        if (seen >= rank) return i * resolutionMs;
      }
      return limitMs;
    },
    max: () => highest,
  };
};
