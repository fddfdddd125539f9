/**
 * An open-loop publisher: event n is due at t0 + n / rate, whatever the answers to earlier ones;
 * at most `maxInFlight` requests are outstanding. If the server falls behind, due events wait
 * (`maxBacklog` says how far it fell behind) instead of the rate silently dropping.
 */
export interface PaceOptions {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly maxInFlight: number;
  /** Sends event n; resolves true when the server acknowledged it. */
  readonly send: (n: number) => Promise<boolean>;
}

export interface PaceResult {
  readonly sent: number;
  readonly acked: number;
  readonly failed: number;
  /** From the first send to the last answer. */
  readonly seconds: number;
  readonly maxBacklog: number;
}

export const runPaced = (options: PaceOptions): Promise<PaceResult> =>
  new Promise((resolve) => {
    const total = Math.round((options.ratePerSecond * options.durationMs) / 1_000);
    const started = performance.now();
    let sent = 0;
    let acked = 0;
    let failed = 0;
    let inFlight = 0;
    let maxBacklog = 0;
    let timer: ReturnType<typeof setInterval> | undefined;
    const finish = () => {
      if (sent < total || inFlight > 0 || timer === undefined) return;
      clearInterval(timer);
      timer = undefined;
      resolve({ sent, acked, failed, seconds: (performance.now() - started) / 1_000, maxBacklog });
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * options.ratePerSecond) / 1_000));
      maxBacklog = Math.max(maxBacklog, due - sent);
      while (sent < due && inFlight < options.maxInFlight) {
        const n = sent++;
        inFlight += 1;
        options
          .send(n)
          .then(
            (ok) => {
              if (ok) acked += 1;
              else failed += 1;
            },
            () => {
              failed += 1;
            },
          )
          .finally(() => {
            inFlight -= 1;
            finish();
          });
      }
      finish();
    };
    timer = setInterval(tick, 1);
  });
