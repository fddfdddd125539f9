import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startRevocationSweep } from "../../../server/http/sse/revocation-sweep.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("revocation sweep", () => {
  it("asks about the open streams' tokens each interval and ends those of revoked ones", async () => {
    let open = new Set(["a", "b", "c"]);
    const asked: string[][] = [];
    const closed: string[][] = [];
    const stop = startRevocationSweep({
      everyMs: 5_000,
      credentials: () => open,
      revoked: async (hashes) => {
        asked.push([...hashes]);
        return new Set([...hashes].filter((h) => h === "b"));
      },
      close: (hashes) => {
        closed.push([...hashes]);
        open = new Set([...open].filter((h) => !hashes.has(h)));
        return hashes.size;
      },
      onClosed: () => undefined,
      onError: () => undefined,
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual([["a", "b", "c"]]);
    expect(closed).toEqual([["b"]]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(asked[1]).toEqual(["a", "c"]);
    expect(closed).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(asked).toHaveLength(2);
  });

  it("asks nothing while no stream has a token, reports a failed check, and never overlaps checks", async () => {
    let open: ReadonlySet<string> = new Set();
    let calls = 0;
    const errors: unknown[] = [];
    let release: (() => void) | undefined;
    const stop = startRevocationSweep({
      everyMs: 1_000,
      credentials: () => open,
      revoked: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error("database away"));
        return new Promise((done) => {
          release = () => done(new Set());
        });
      },
      close: () => 0,
      onClosed: () => undefined,
      onError: (error) => errors.push(error),
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(0);
    open = new Set(["a"]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    // The second check is still waiting: later ticks do not start another.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toBe(2);
    release?.();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(3);
    stop();
  });
});
