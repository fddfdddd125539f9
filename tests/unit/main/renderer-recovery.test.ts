import { describe, expect, it } from "vitest";
import { makeRendererRecovery, type RecoveryAction } from "../../../main/core/renderer-recovery.ts";
import { makeManualScheduler } from "./support/manual-scheduler.ts";

const policy = { initialMs: 1_000, maxMs: 8_000, factor: 2, jitter: 0, resetAfterMs: 60_000 };

const setup = () => {
  const clock = makeManualScheduler(0);
  const actions: Array<{ readonly action: RecoveryAction; readonly at: number }> = [];
  const recovery = makeRendererRecovery({
    scheduler: clock.scheduler,
    backoff: policy,
    unresponsiveGraceMs: 10_000,
    act: (action) => actions.push({ action, at: clock.scheduler.now() }),
  });
  return { clock, actions, recovery };
};

describe("kiosk renderer recovery", () => {
  it("reloads a crashed board after a delay that grows while it keeps crashing", () => {
    const { clock, actions, recovery } = setup();
    for (let i = 0; i < 5; i += 1) {
      recovery.gone("crashed");
      clock.advance(20_000);
      recovery.loaded();
      clock.advance(1_000);
    }
    const gaps = actions.map((a, i) => a.at - i * 21_000);
    expect(actions.map((a) => a.action)).toEqual(["reload", "reload", "reload", "reload", "reload"]);
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it("starts the delays over once a board has run for a while", () => {
    const { clock, actions, recovery } = setup();
    recovery.gone("crashed");
    clock.advance(1_000);
    recovery.loaded();
    recovery.gone("oom");
    clock.advance(2_000);
    recovery.loaded();
    clock.advance(120_000);
    recovery.gone("crashed");
    clock.advance(1_000);
    expect(actions).toHaveLength(3);
    expect(actions[2]?.at).toBe(124_000);
  });

  it("several failures while a reload waits make one reload, not a burst", () => {
    const { clock, actions, recovery } = setup();
    recovery.loadFailed("ERR_CONNECTION_REFUSED");
    recovery.loadFailed("ERR_CONNECTION_REFUSED");
    recovery.gone("crashed");
    clock.advance(30_000);
    expect(actions).toHaveLength(1);
  });

  it("restarts a renderer that stays unresponsive past the grace period, and only then", () => {
    const { clock, actions, recovery } = setup();
    recovery.unresponsive();
    clock.advance(9_000);
    recovery.responsive();
    clock.advance(60_000);
    expect(actions).toEqual([]);
    recovery.unresponsive();
    clock.advance(10_000);
    expect(actions).toEqual([{ action: "restart", at: 79_000 }]);
    // The kill we caused is not a second failure to reload for.
    recovery.gone("killed");
    clock.advance(60_000);
    expect(actions).toHaveLength(1);
  });

  it("retries at once when the server is known to be back", () => {
    const { clock, actions, recovery } = setup();
    recovery.loadFailed("ERR_CONNECTION_REFUSED");
    expect(recovery.pending()).toBe(true);
    clock.advance(100);
    recovery.retryNow();
    expect(actions).toEqual([{ action: "reload", at: 100 }]);
    expect(recovery.pending()).toBe(false);
    clock.advance(60_000);
    expect(actions).toHaveLength(1);
  });

  it("a closed window never reloads", () => {
    const { clock, actions, recovery } = setup();
    recovery.gone("crashed");
    recovery.unresponsive();
    recovery.dispose();
    clock.advance(120_000);
    expect(actions).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
