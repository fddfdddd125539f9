import { addDays, instantOfWallTime, minutesOf, wallClockAt } from "./zoned-time.ts";

/**
 * When the wall screens should be kept awake. `on` and `off` are wall times in `timeZone` (the
 * machine's zone when absent); an `off` earlier than `on` ends the next morning (a night shift).
 * `days` are the weekdays (0 = Sunday) on which an interval starts.
 */
export interface OnOffSchedule {
  readonly on: string;
  readonly off: string;
  readonly days: ReadonlyArray<number>;
  readonly timeZone?: string;
}

interface Switch {
  readonly at: number;
  readonly on: boolean;
}

const at = (
  date: { year: number; month: number; day: number },
  minutes: number,
  timeZone: string | undefined,
): number => instantOfWallTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);

/**
 * Every switch from two days before to eight days after `instant`, in time order. Each wall time
 * happens exactly once a day here (first occurrence on a repeated hour, the jump on a skipped
 * one), so the state between switches never flickers on a DST change.
 */
const switchesAround = (schedule: OnOffSchedule, instant: number): Switch[] => {
  const onMinutes = minutesOf(schedule.on);
  const offMinutes = minutesOf(schedule.off);
  const overnight = offMinutes <= onMinutes;
  const today = wallClockAt(instant, schedule.timeZone);
  const switches: Switch[] = [];
  for (let offset = -2; offset <= 8; offset += 1) {
    const date = addDays(today, offset);
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (!schedule.days.includes(weekday)) continue;
    switches.push({ at: at(date, onMinutes, schedule.timeZone), on: true });
    switches.push({ at: at(overnight ? addDays(date, 1) : date, offMinutes, schedule.timeZone), on: false });
  }
  return switches.sort((a, b) => a.at - b.at);
};

/** True while `instant` lies inside a scheduled interval. */
export const isScheduledOn = (schedule: OnOffSchedule, instant: number): boolean => {
  let state = false;
  for (const change of switchesAround(schedule, instant)) {
    if (change.at > instant) break;
    state = change.on;
  }
  return state;
};

/** The next instant after `instant` at which the schedule flips, or undefined when it never does. */
export const nextScheduleChange = (schedule: OnOffSchedule, instant: number): number | undefined => {
  const current = isScheduledOn(schedule, instant);
  return switchesAround(schedule, instant).find((change) => change.at > instant && change.on !== current)?.at;
};

export interface PowerPolicy {
  readonly keepAwake: boolean;
  readonly schedule: OnOffSchedule | null;
}

export interface PowerDecision {
  readonly keepAwake: boolean;
  /** When to decide again (a schedule switch), if ever. */
  readonly recheckAt: number | undefined;
}

/** Keep the displays awake while boards show, inside the schedule if there is one. */
export const decidePower = (policy: PowerPolicy, boardsShowing: boolean, now: number): PowerDecision => {
  if (!policy.keepAwake || !boardsShowing) return { keepAwake: false, recheckAt: undefined };
  if (policy.schedule === null) return { keepAwake: true, recheckAt: undefined };
  return { keepAwake: isScheduledOn(policy.schedule, now), recheckAt: nextScheduleChange(policy.schedule, now) };
};
