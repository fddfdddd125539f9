import { describe, expect, it } from "vitest";
import { makeTokenThrottle } from "../../../server/http/token-throttle.ts";

const manualClock = (start = 1_800_000_000_000) => {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
};

const blockAddress = (throttle: ReturnType<typeof makeTokenThrottle>, key: string): void => {
  for (let i = 0; i < 6; i++) throttle.fail(key);
};

describe("makeTokenThrottle (token guessing)", () => {
  it("never clears failures on a valid token", () => {
    const throttle = makeTokenThrottle(manualClock().now);
    for (let i = 0; i < 5; i++) {
      throttle.fail("a");
      throttle.succeed("a", "mt_viewer");
    }
    throttle.fail("a");
    expect(throttle.retryAfter("a", "mt_new_guess")).toBe(1);
  });

  it("while blocked, refuses tokens not seen good from this address, and lets proven ones through", () => {
    const throttle = makeTokenThrottle(manualClock().now);
    throttle.succeed("a", "mt_wall");
    blockAddress(throttle, "a");
    expect(throttle.retryAfter("a", "mt_guess")).toBe(1);
    expect(throttle.retryAfter("a", "mt_wall")).toBe(0);
    // Proven at another address only: still a stranger here.
    throttle.succeed("b", "mt_admin");
    expect(throttle.retryAfter("a", "mt_admin")).toBe(1);
  });

  it("ends the block with time and on forget", () => {
    const clock = manualClock();
    const throttle = makeTokenThrottle(clock.now);
    blockAddress(throttle, "a");
    clock.advance(1_000);
    expect(throttle.retryAfter("a", "mt_guess")).toBe(0);
    throttle.fail("a");
    expect(throttle.retryAfter("a", "mt_guess")).toBe(2);
    throttle.forget("a");
    expect(throttle.retryAfter("a", "mt_guess")).toBe(0);
  });

  it("keeps a bounded memory of proven tokens", () => {
    const throttle = makeTokenThrottle(manualClock().now, { maxAddresses: 3 });
    for (const key of ["a", "b", "c", "d"]) throttle.succeed(key, "mt_token");
    blockAddress(throttle, "a");
    blockAddress(throttle, "d");
    // "a" was the oldest and is forgotten; "d" is remembered.
    expect(throttle.retryAfter("a", "mt_token")).toBe(1);
    expect(throttle.retryAfter("d", "mt_token")).toBe(0);
  });
});
