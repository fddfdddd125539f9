import type { MessageKey } from "./messages-en.ts";

/** A duration as one message and its numbers: "3 h 12 min", "45 s", "2 d 3 h". */
export interface DurationText {
  readonly key: MessageKey;
  readonly vars: Readonly<Record<string, number>>;
}

/**
 * The two largest units a board needs, rounded down: seconds under a minute, minutes under an
 * hour, hours and minutes under two days, then days and hours. Negative counts as zero.
 */
export const durationText = (ms: number): DurationText => {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return { key: "duration.seconds", vars: { s: seconds } };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { key: "duration.minutes", vars: { m: minutes } };
  const hours = Math.floor(minutes / 60);
  if (hours < 48)
    return minutes % 60 === 0
      ? { key: "duration.hours", vars: { h: hours } }
      : { key: "duration.hoursMinutes", vars: { h: hours, m: minutes % 60 } };
  const days = Math.floor(hours / 24);
  return hours % 24 === 0
    ? { key: "duration.days", vars: { d: days } }
    : { key: "duration.daysHours", vars: { d: days, h: hours % 24 } };
};
