import { describe, expect, it } from "vitest";
import { makeAuthThrottle, makeRateLimiter } from "../../../server/http/rate-limiter.ts";

/** A clock the test moves by hand. */
const manualClock = (start = 1_800_000_000_000) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

describe("makeRateLimiter (token bucket per address)", () => {
  it("lets a burst of a quarter minute's budget through, then asks to wait", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    for (let i = 0; i < 15; i++) expect(limiter.take("10.0.0.5")).toBe(0);
    expect(limiter.take("10.0.0.5")).toBe(1);
  });

  it("allows a burst of at least 10 even for a small budget, and says how many seconds to wait", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(6, clock.now);
    for (let i = 0; i < 10; i++) expect(limiter.take("a")).toBe(0);
    // 6 per minute: one token every 10 s.
    expect(limiter.take("a")).toBe(10);
    clock.advance(4_000);
    expect(limiter.take("a")).toBe(6);
  });

  it("refills with time: after the wait it names, the next request goes through", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    for (let i = 0; i < 15; i++) limiter.take("a");
    const wait = limiter.take("a");
    expect(wait).toBeGreaterThan(0);
    clock.advance(wait * 1_000);
    expect(limiter.take("a")).toBe(0);
    expect(limiter.take("a")).toBeGreaterThan(0);
  });

  it("refused requests do not spend tokens", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    for (let i = 0; i < 15; i++) limiter.take("a");
    for (let i = 0; i < 100; i++) expect(limiter.take("a")).toBeGreaterThan(0);
    clock.advance(1_000);
    expect(limiter.take("a")).toBe(0);
  });

  it("never holds more than the burst, however long the address was quiet", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    limiter.take("a");
    clock.advance(3_600_000);
    let allowed = 0;
    while (limiter.take("a") === 0) allowed++;
    expect(allowed).toBe(15);
  });

  it("keeps one bucket per address", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    for (let i = 0; i < 15; i++) limiter.take("busy");
    expect(limiter.take("busy")).toBeGreaterThan(0);
    expect(limiter.take("quiet")).toBe(0);
  });

  it("0 per minute switches it off", () => {
    const limiter = makeRateLimiter(0, manualClock().now);
    for (let i = 0; i < 10_000; i++) expect(limiter.take("a")).toBe(0);
  });

  it("still limits an address after the periodic sweep of idle buckets", () => {
    const clock = manualClock();
    const limiter = makeRateLimiter(60, clock.now);
    limiter.take("idle");
    clock.advance(61_000);
    for (let i = 0; i < 15; i++) expect(limiter.take("busy")).toBe(0);
    expect(limiter.take("busy")).toBeGreaterThan(0);
    expect(limiter.take("idle")).toBe(0);
  });
});

describe("makeAuthThrottle (token and PIN guessing)", () => {
  it("lets the first 5 failures pass without a wait", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 5; i++) {
      throttle.fail("a");
      expect(throttle.retryAfter("a")).toBe(0);
    }
  });

  it("doubles the wait with every further failure: 1, 2, 4, 8 … seconds", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 5; i++) throttle.fail("a");
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      throttle.fail("a");
      waits.push(throttle.retryAfter("a"));
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32]);
  });

  it("caps the wait at 15 minutes", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 200; i++) throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(15 * 60);
  });

  it("counts the wait down with time and ends it", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 8; i++) throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(4);
    clock.advance(2_500);
    expect(throttle.retryAfter("a")).toBe(2);
    clock.advance(1_500);
    expect(throttle.retryAfter("a")).toBe(0);
  });

  it("a success clears the record", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 7; i++) throttle.fail("a");
    expect(throttle.retryAfter("a")).toBeGreaterThan(0);
    throttle.succeed("a");
    expect(throttle.retryAfter("a")).toBe(0);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(0);
  });

  it("one address guessing does not lock out another", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 10; i++) throttle.fail("attacker");
    expect(throttle.retryAfter("attacker")).toBeGreaterThan(0);
    expect(throttle.retryAfter("tester")).toBe(0);
  });

  it("honours a different number of free failures", () => {
    const throttle = makeAuthThrottle(manualClock().now, 1);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(0);
    throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(1);
  });

  it("counts an attempt before its check, so parallel guesses cannot all pass the gate", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    // 100 guesses arrive together, none of them checked yet: 6 get through, the rest must wait.
    const gates = Array.from({ length: 100 }, () => throttle.attempt("a"));
    expect(gates.filter((wait) => wait === 0)).toHaveLength(6);
    expect(gates.slice(6).every((wait) => wait === 1)).toBe(true);
    // A refused attempt is not counted again: after the wait, exactly one more goes through.
    clock.advance(1_000);
    expect(throttle.attempt("a")).toBe(0);
    expect(throttle.attempt("a")).toBe(2);
  });

  it("forgets an address whose last failure is older than an hour", () => {
    const clock = manualClock();
    const throttle = makeAuthThrottle(clock.now);
    for (let i = 0; i < 7; i++) throttle.fail("a");
    clock.advance(3_600_001);
    expect(throttle.retryAfter("a")).toBe(0);
    // Five free failures again, not a wait of 4 s for the next one.
    for (let i = 0; i < 5; i++) throttle.fail("a");
    expect(throttle.retryAfter("a")).toBe(0);
  });
});
