/**
 * Wall-clock time in an IANA time zone, from Intl alone (no time-zone library). Schedules are
 * written as wall times ("07:00"), so every conversion has to survive DST gaps and overlaps.
 */

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface WallTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
}

export interface WallClockReading extends WallTime {
  readonly second: number;
  /** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
  readonly weekday: number;
}

const dayMs = 86_400_000;

const formatterFor = (timeZone: string | undefined): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat("en-US", {
    ...(timeZone === undefined ? {} : { timeZone }),
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });

/** True when Intl knows the zone (an unknown one throws a RangeError). */
export const isKnownTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** What a clock in `timeZone` shows at `instant` (undefined zone: this machine's). */
export const wallClockAt = (instant: number, timeZone: string | undefined): WallClockReading => {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
};

const wallAsUtc = (wall: WallTime & { readonly second?: number }): number =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second ?? 0);

const wallValueAt = (instant: number, timeZone: string | undefined): number =>
  wallAsUtc(wallClockAt(instant, timeZone));

/** The zone's offset from UTC at `instant`, in milliseconds. */
export const utcOffsetAt = (instant: number, timeZone: string | undefined): number =>
  wallValueAt(instant, timeZone) - Math.floor(instant / 1000) * 1000;

export const addDays = (date: LocalDate, days: number): LocalDate => {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
};

export const weekdayOf = (date: LocalDate): number =>
  new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();

/**
 * The instant a clock in `timeZone` first shows `wall`. A wall time that happens twice (the hour
 * repeated when DST ends) maps to its first occurrence; one that never happens (skipped when DST
 * starts) maps to the moment the clock jumps past it.
 */
export const instantOfWallTime = (wall: WallTime, timeZone: string | undefined): number => {
  const target = wallAsUtc(wall);
  const offsets = [...new Set([target - dayMs, target, target + dayMs].map((t) => utcOffsetAt(t, timeZone)))];
  const candidates = offsets.map((offset) => target - offset).sort((a, b) => a - b);
  const exact = candidates.find((t) => wallValueAt(t, timeZone) === target);
  if (exact !== undefined) return exact;
  // A gap: search between the two candidates for the first second whose clock reads past `wall`.
  let low = candidates[0] ?? target;
  let high = candidates[candidates.length - 1] ?? target;
  while (high - low > 1000) {
    const middle = Math.floor((low + high) / 2000) * 1000;
    if (middle <= low) break;
    if (wallValueAt(middle, timeZone) < target) low = middle;
    else high = middle;
  }
  return high;
};

/** "HH:MM" → minutes after midnight. */
export const minutesOf = (hhmm: string): number => {
  const [hours, minutes] = hhmm.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/** The next instant strictly after `instant` at which the clock shows `hhmm`. */
export const nextWallTime = (instant: number, hhmm: string, timeZone: string | undefined): number => {
  const minutes = minutesOf(hhmm);
  const today = wallClockAt(instant, timeZone);
  for (let offset = 0; offset <= 2; offset += 1) {
    const date = addDays(today, offset);
    const at = instantOfWallTime({ ...date, hour: Math.floor(minutes / 60), minute: minutes % 60 }, timeZone);
    if (at > instant) return at;
  }
  return instant + dayMs;
};
