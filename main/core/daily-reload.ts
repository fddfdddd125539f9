import { runAtInstants, type Scheduler } from "./scheduler.ts";
import { nextWallTime } from "./zoned-time.ts";

/**
 * Runs `reload` every day at the wall time `at` ("04:00") in the machine's zone (or `timeZone`):
 * a month-long kiosk session starts each day from a fresh page, whatever leaked.
 */
export const scheduleDailyReload = (
  scheduler: Scheduler,
  at: string | null,
  reload: () => void,
  timeZone?: string,
): { readonly stop: () => void } => {
  if (at === null) return { stop: () => {} };
  return runAtInstants(scheduler, (now) => nextWallTime(now, at, timeZone), reload);
};
