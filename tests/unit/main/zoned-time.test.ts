import { describe, expect, it } from "vitest";
import { instantOfWallTime, nextWallTime, utcOffsetAt, wallClockAt } from "../../../main/core/zoned-time.ts";

const utc = (iso: string) => Date.parse(iso);
const hour = 3_600_000;

describe("wall-clock time in explicit time zones", () => {
  it("reads the clock of a zone, not of this machine", () => {
    const reading = wallClockAt(utc("2026-07-01T12:34:56Z"), "Asia/Tokyo");
    expect(reading).toEqual({ year: 2026, month: 7, day: 1, hour: 21, minute: 34, second: 56, weekday: 3 });
    expect(wallClockAt(utc("2026-07-01T02:00:00Z"), "America/New_York")).toMatchObject({
      day: 30,
      month: 6,
      hour: 22,
      weekday: 2,
    });
  });

  it("knows the offset on both sides of a DST change", () => {
    expect(utcOffsetAt(utc("2026-03-29T00:59:00Z"), "Europe/Berlin")).toBe(1 * hour);
    expect(utcOffsetAt(utc("2026-03-29T01:00:00Z"), "Europe/Berlin")).toBe(2 * hour);
    expect(utcOffsetAt(utc("2026-11-01T05:59:00Z"), "America/New_York")).toBe(-4 * hour);
    expect(utcOffsetAt(utc("2026-11-01T06:00:00Z"), "America/New_York")).toBe(-5 * hour);
  });

  it("maps an ordinary wall time to its instant", () => {
    expect(instantOfWallTime({ year: 2026, month: 1, day: 15, hour: 7, minute: 0 }, "Europe/Berlin")).toBe(
      utc("2026-01-15T06:00:00Z"),
    );
    expect(instantOfWallTime({ year: 2026, month: 7, day: 15, hour: 7, minute: 0 }, "Europe/Berlin")).toBe(
      utc("2026-07-15T05:00:00Z"),
    );
    expect(instantOfWallTime({ year: 2026, month: 12, day: 31, hour: 23, minute: 59 }, "Asia/Tokyo")).toBe(
      utc("2026-12-31T14:59:00Z"),
    );
  });

  it("maps a skipped wall time (DST starts) to the moment the clock jumps past it", () => {
    // Berlin 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z; 02:30 never happens.
    expect(instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Berlin")).toBe(
      utc("2026-03-29T01:00:00Z"),
    );
    // New York 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(instantOfWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 15 }, "America/New_York")).toBe(
      utc("2026-03-08T07:00:00Z"),
    );
  });

  it("maps a repeated wall time (DST ends) to its first occurrence", () => {
    // Berlin 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(instantOfWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Berlin")).toBe(
      utc("2026-10-25T00:30:00Z"),
    );
    // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(instantOfWallTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, "America/New_York")).toBe(
      utc("2026-11-01T05:30:00Z"),
    );
  });

  it("finds the next daily wall time across midnight and across a DST change", () => {
    expect(nextWallTime(utc("2026-01-15T22:00:00Z"), "04:00", "Asia/Tokyo")).toBe(utc("2026-01-16T19:00:00Z"));
    expect(nextWallTime(utc("2026-01-15T18:00:00Z"), "04:00", "Asia/Tokyo")).toBe(utc("2026-01-15T19:00:00Z"));
    // The daily reload at 02:30 in Berlin: on the night DST starts it runs at the jump, the next night at 02:30 CEST.
    const first = nextWallTime(utc("2026-03-28T12:00:00Z"), "02:30", "Europe/Berlin");
    expect(first).toBe(utc("2026-03-29T01:00:00Z"));
    expect(nextWallTime(first, "02:30", "Europe/Berlin")).toBe(utc("2026-03-30T00:30:00Z"));
    // On the night DST ends it runs once, not twice.
    const once = nextWallTime(utc("2026-10-24T12:00:00Z"), "02:30", "Europe/Berlin");
    expect(once).toBe(utc("2026-10-25T00:30:00Z"));
    expect(nextWallTime(once, "02:30", "Europe/Berlin")).toBe(utc("2026-10-26T01:30:00Z"));
  });
});
