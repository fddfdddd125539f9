import { describe, expect, it } from "vitest";
import { decidePower, isScheduledOn, nextScheduleChange, type OnOffSchedule } from "../../../main/core/schedule.ts";

const utc = (iso: string) => Date.parse(iso);
const everyDay = [0, 1, 2, 3, 4, 5, 6];

describe("on/off schedules", () => {
  it("a day shift: on between on and off, off outside", () => {
    const day: OnOffSchedule = { on: "07:00", off: "19:00", days: everyDay, timeZone: "Asia/Tokyo" };
    expect(isScheduledOn(day, utc("2026-05-12T21:59:00Z"))).toBe(false); // 06:59 JST
    expect(isScheduledOn(day, utc("2026-05-12T22:00:00Z"))).toBe(true); // 07:00 JST
    expect(isScheduledOn(day, utc("2026-05-13T09:59:00Z"))).toBe(true); // 18:59 JST
    expect(isScheduledOn(day, utc("2026-05-13T10:00:00Z"))).toBe(false); // 19:00 JST
    expect(nextScheduleChange(day, utc("2026-05-13T03:00:00Z"))).toBe(utc("2026-05-13T10:00:00Z"));
    expect(nextScheduleChange(day, utc("2026-05-13T10:00:00Z"))).toBe(utc("2026-05-13T22:00:00Z"));
  });

  it("a night shift runs across midnight", () => {
    const night: OnOffSchedule = { on: "22:00", off: "06:00", days: everyDay, timeZone: "Asia/Tokyo" };
    expect(isScheduledOn(night, utc("2026-05-12T14:00:00Z"))).toBe(true); // 23:00 JST
    expect(isScheduledOn(night, utc("2026-05-12T15:30:00Z"))).toBe(true); // 00:30 JST next day
    expect(isScheduledOn(night, utc("2026-05-12T20:59:00Z"))).toBe(true); // 05:59 JST
    expect(isScheduledOn(night, utc("2026-05-12T21:00:00Z"))).toBe(false); // 06:00 JST
    expect(isScheduledOn(night, utc("2026-05-13T03:00:00Z"))).toBe(false); // 12:00 JST
    expect(nextScheduleChange(night, utc("2026-05-13T03:00:00Z"))).toBe(utc("2026-05-13T13:00:00Z"));
    expect(nextScheduleChange(night, utc("2026-05-13T13:00:00Z"))).toBe(utc("2026-05-13T21:00:00Z"));
  });

  it("an interval belongs to the weekday it starts on: Friday night runs into Saturday, Sunday night does not start", () => {
    const weeknights: OnOffSchedule = { on: "22:00", off: "06:00", days: [1, 2, 3, 4, 5], timeZone: "UTC" };
    expect(isScheduledOn(weeknights, utc("2026-05-16T03:00:00Z"))).toBe(true); // Saturday 03:00, Friday's shift
    expect(isScheduledOn(weeknights, utc("2026-05-16T23:00:00Z"))).toBe(false); // Saturday night
    expect(isScheduledOn(weeknights, utc("2026-05-18T03:00:00Z"))).toBe(false); // Monday 03:00: Sunday had no shift
    expect(nextScheduleChange(weeknights, utc("2026-05-16T12:00:00Z"))).toBe(utc("2026-05-18T22:00:00Z"));
  });

  it("a start the clock skips (DST begins) happens at the jump, and the night is an hour shorter", () => {
    const berlin: OnOffSchedule = { on: "02:30", off: "08:00", days: everyDay, timeZone: "Europe/Berlin" };
    expect(isScheduledOn(berlin, utc("2026-03-29T00:59:59Z"))).toBe(false);
    expect(isScheduledOn(berlin, utc("2026-03-29T01:00:00Z"))).toBe(true);
    expect(nextScheduleChange(berlin, utc("2026-03-28T23:00:00Z"))).toBe(utc("2026-03-29T01:00:00Z"));
    const night: OnOffSchedule = { on: "22:00", off: "06:00", days: everyDay, timeZone: "Europe/Berlin" };
    const start = utc("2026-03-28T21:00:00Z"); // 22:00 CET
    expect(nextScheduleChange(night, start - 1)).toBe(start);
    expect(nextScheduleChange(night, start)).toBe(utc("2026-03-29T04:00:00Z")); // 06:00 CEST: 7 real hours
  });

  it("an end the clock shows twice (DST ends) switches once and does not flicker in the repeated hour", () => {
    const berlin: OnOffSchedule = { on: "20:00", off: "02:30", days: everyDay, timeZone: "Europe/Berlin" };
    expect(isScheduledOn(berlin, utc("2026-10-25T00:29:00Z"))).toBe(true); // 02:29 CEST
    expect(isScheduledOn(berlin, utc("2026-10-25T00:30:00Z"))).toBe(false); // the first 02:30
    expect(isScheduledOn(berlin, utc("2026-10-25T01:15:00Z"))).toBe(false); // 02:15 CET, the repeated hour
    expect(nextScheduleChange(berlin, utc("2026-10-25T00:30:00Z"))).toBe(utc("2026-10-25T19:00:00Z")); // 20:00 CET
    // The night the clocks go back is an hour longer: 20:00 CEST to 02:30 CEST is 6.5 h; the next night 6.5 h of CET.
    expect(nextScheduleChange(berlin, utc("2026-10-24T18:00:00Z"))).toBe(utc("2026-10-25T00:30:00Z"));
  });

  it("follows the zone's own DST dates (New York, Sydney), not this machine's", () => {
    const office: OnOffSchedule = { on: "07:00", off: "19:00", days: [1, 2, 3, 4, 5], timeZone: "America/New_York" };
    // Friday 6 March 2026 after work (EST); DST starts Sunday 8 March; Monday 07:00 is EDT (11:00Z).
    expect(nextScheduleChange(office, utc("2026-03-07T01:00:00Z"))).toBe(utc("2026-03-09T11:00:00Z"));
    const sydney: OnOffSchedule = { on: "06:00", off: "18:00", days: everyDay, timeZone: "Australia/Sydney" };
    // Sydney's DST ends Sunday 5 April 2026: 06:00 that morning is AEST (+10).
    expect(nextScheduleChange(sydney, utc("2026-04-04T10:00:00Z"))).toBe(utc("2026-04-04T20:00:00Z"));
    // …and starts Sunday 4 October 2026: 06:00 is AEDT (+11).
    expect(nextScheduleChange(sydney, utc("2026-10-03T10:00:00Z"))).toBe(utc("2026-10-03T19:00:00Z"));
  });
});

describe("keeping the screens awake", () => {
  const schedule: OnOffSchedule = { on: "07:00", off: "19:00", days: everyDay, timeZone: "UTC" };
  const noon = utc("2026-05-13T12:00:00Z");

  it("only while boards show and keep-awake is on", () => {
    expect(decidePower({ keepAwake: true, schedule: null }, true, noon)).toEqual({
      keepAwake: true,
      recheckAt: undefined,
    });
    expect(decidePower({ keepAwake: true, schedule: null }, false, noon).keepAwake).toBe(false);
    expect(decidePower({ keepAwake: false, schedule: null }, true, noon).keepAwake).toBe(false);
  });

  it("inside the schedule only, and says when to decide again", () => {
    expect(decidePower({ keepAwake: true, schedule }, true, noon)).toEqual({
      keepAwake: true,
      recheckAt: utc("2026-05-13T19:00:00Z"),
    });
    expect(decidePower({ keepAwake: true, schedule }, true, utc("2026-05-13T20:00:00Z"))).toEqual({
      keepAwake: false,
      recheckAt: utc("2026-05-14T07:00:00Z"),
    });
  });
});
