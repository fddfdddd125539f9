import { type Display, screen } from "electron";
import type { DisplayInfo } from "../core/display-assignment.ts";
import type { Scheduler, TimerHandle } from "../core/scheduler.ts";

export const toDisplayInfo = (display: Display, primaryId: number): DisplayInfo => ({
  id: String(display.id),
  label: display.label,
  bounds: { ...display.bounds },
  primary: display.id === primaryId,
});

export const readDisplays = (): ReadonlyArray<DisplayInfo> => {
  const primaryId = screen.getPrimaryDisplay().id;
  return screen.getAllDisplays().map((display) => toDisplayInfo(display, primaryId));
};

/**
 * Calls `changed` once the displays settle after an add, a removal or a re-arrangement (a monitor
 * being plugged in fires several events within a few hundred milliseconds).
 */
export const watchDisplays = (scheduler: Scheduler, changed: () => void, settleMs = 500): void => {
  let timer: TimerHandle | undefined;
  const later = (): void => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      changed();
    }, settleMs);
  };
  screen.on("display-added", later);
  screen.on("display-removed", later);
  screen.on("display-metrics-changed", later);
};
