import { describe, expect, it } from "vitest";
import { makeBackoff } from "../../../main/core/backoff.ts";

const policy = { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0, resetAfterMs: 60_000 };

describe("reload and restart backoff", () => {
  it("doubles each failure up to the cap", () => {
    const backoff = makeBackoff(policy);
    const delays = Array.from({ length: 8 }, (_, i) => backoff.failure(i * 10));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.attempts()).toBe(8);
  });

  it("starts over only after a success has lasted long enough", () => {
    const backoff = makeBackoff(policy);
    backoff.failure(0);
    backoff.failure(1_000);
    backoff.success(5_000);
    // Up again for 10 s only: a crash loop keeps backing off.
    expect(backoff.failure(15_000)).toBe(4_000);
    backoff.success(20_000);
    // Up for a minute: the next failure is treated as the first.
    expect(backoff.failure(80_000)).toBe(1_000);
  });

  it("a success reported again and again does not reset the stable time", () => {
    const backoff = makeBackoff(policy);
    backoff.failure(0);
    backoff.success(1_000);
    backoff.success(50_000);
    expect(backoff.failure(61_000)).toBe(1_000);
  });

  it("spreads delays by the jitter so screens do not retry in step, never past the cap", () => {
    const low = makeBackoff({ ...policy, jitter: 0.2 }, () => 0);
    const high = makeBackoff({ ...policy, jitter: 0.2 }, () => 1);
    expect(low.failure(0)).toBe(800);
    expect(high.failure(0)).toBe(1_200);
    const capped = makeBackoff({ ...policy, jitter: 0.2 }, () => 1);
    for (let i = 0; i < 10; i += 1) expect(capped.failure(i)).toBeLessThanOrEqual(30_000);
  });
});
