/**
 * Ends the streams of revoked tokens. A stream is authorised once, when it opens; without this a
 * wall or a tester page kept receiving results after its token was revoked (or its sign-in ended
 * by a PIN change), until it happened to reconnect. Every `everyMs` the token hashes open streams
 * were opened with are checked (through the token cache, so a token costs at most one lookup per
 * its age bound), and the streams of those no longer active are ended: the client reconnects,
 * is refused with 401, and shows that its access ended.
 */

export interface RevocationSweepOptions {
  readonly everyMs: number;
  /** The token hashes of the open streams. */
  readonly credentials: () => ReadonlySet<string>;
  /** Of these hashes, the ones whose token is no longer active. */
  readonly revoked: (hashes: ReadonlySet<string>) => Promise<ReadonlySet<string>>;
  /** Ends the streams opened with these hashes; answers how many. */
  readonly close: (hashes: ReadonlySet<string>) => number;
  readonly onClosed: (streams: number) => void;
  readonly onError: (error: unknown) => void;
}

export const startRevocationSweep = (options: RevocationSweepOptions): (() => void) => {
  let running = false;
  const sweep = async (): Promise<void> => {
    const hashes = options.credentials();
    if (running || hashes.size === 0) return;
    running = true;
    try {
      const revoked = await options.revoked(hashes);
      if (revoked.size === 0) return;
      const closed = options.close(revoked);
      if (closed > 0) options.onClosed(closed);
    } catch (error) {
      options.onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
};
