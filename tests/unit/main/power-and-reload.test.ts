import { describe, expect, it } from "vitest";
import { scheduleDailyReload } from "../../../main/core/daily-reload.ts";
import { makePowerKeeper, type PowerBlocker } from "../../../main/core/power-keeper.ts";
import { makeManualScheduler } from "./support/manual-scheduler.ts";

const utc = (iso: string) => Date.parse(iso);

/** Stands in for Electron's powerSaveBlocker: records which blockers are held. */
const blockerStandIn = () => {
  const held = new Set<number>();
  let next = 1;
  let starts = 0;
  const blocker: PowerBlocker = {
    start: () => {
      starts += 1;
      held.add(next);
      next += 1;
      return next - 1;
    },
    stop: (id) => {
      held.delete(id);
    },
  };
  return { blocker, held, starts: () => starts };
};

describe("power keeper", () => {
  it("holds one blocker while boards show, releases it when they stop", () => {
    const clock = makeManualScheduler(utc("2026-05-13T12:00:00Z"));
    const standIn = blockerStandIn();
    const keeper = makePowerKeeper(standIn.blocker, clock.scheduler);
    keeper.update({ keepAwake: true, schedule: null }, true);
    keeper.update({ keepAwake: true, schedule: null }, true);
    expect(standIn.held.size).toBe(1);
    expect(standIn.starts()).toBe(1);
    keeper.update({ keepAwake: true, schedule: null }, false);
    expect(standIn.held.size).toBe(0);
    keeper.update({ keepAwake: false, schedule: null }, true);
    expect(keeper.isKeepingAwake()).toBe(false);
  });

  it("follows the schedule by itself, day after day, across midnight", () => {
    const clock = makeManualScheduler(utc("2026-05-13T12:00:00Z"));
    const standIn = blockerStandIn();
    const keeper = makePowerKeeper(standIn.blocker, clock.scheduler);
    keeper.update(
      { keepAwake: true, schedule: { on: "22:00", off: "06:00", days: [0, 1, 2, 3, 4, 5, 6], timeZone: "UTC" } },
      true,
    );
    expect(keeper.isKeepingAwake()).toBe(false);
    clock.advance(10 * 3_600_000 - 1); // 21:59:59.999
    expect(keeper.isKeepingAwake()).toBe(false);
    clock.advance(1); // 22:00
    expect(keeper.isKeepingAwake()).toBe(true);
    clock.advance(8 * 3_600_000); // 06:00 next day
    expect(keeper.isKeepingAwake()).toBe(false);
    clock.advance(16 * 3_600_000); // 22:00 again
    expect(keeper.isKeepingAwake()).toBe(true);
    keeper.stop();
    expect(standIn.held.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("daily reload", () => {
  it("reloads once a day at the quiet hour, in the given zone", () => {
    const clock = makeManualScheduler(utc("2026-03-27T12:00:00Z"));
    const reloads: number[] = [];
    const task = scheduleDailyReload(
      clock.scheduler,
      "04:00",
      () => reloads.push(clock.scheduler.now()),
      "Europe/Berlin",
    );
    clock.advance(4 * 86_400_000);
    expect(reloads).toEqual([
      utc("2026-03-28T03:00:00Z"), // 04:00 CET
      utc("2026-03-29T02:00:00Z"), // 04:00 CEST, the morning DST started
      utc("2026-03-30T02:00:00Z"),
      utc("2026-03-31T02:00:00Z"),
    ]);
    task.stop();
    clock.advance(2 * 86_400_000);
    expect(reloads).toHaveLength(4);
  });

  it("null means never", () => {
    const clock = makeManualScheduler(0);
    let reloads = 0;
    scheduleDailyReload(clock.scheduler, null, () => {
      reloads += 1;
    });
    clock.advance(10 * 86_400_000);
    expect(reloads).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
