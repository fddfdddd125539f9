import type { DesktopPorts } from "../../../../main/core/desktop-controller.ts";
import type { DisplayInfo, WindowSpec } from "../../../../main/core/display-assignment.ts";

/**
 * Stands in for the Electron side of the desktop app (windows, screens, power blocker, shell):
 * records what the controller asks for. Everything else in these tests is real.
 */
export const makeDesktopStandIn = (initialDisplays: ReadonlyArray<DisplayInfo>) => {
  let displays = initialDisplays;
  const applied: Array<{
    readonly windows: ReadonlyArray<WindowSpec>;
    readonly kiosk: boolean;
    readonly allowedOrigin: string;
  }> = [];
  const warnings: string[] = [];
  const opened: string[] = [];
  const loginItem: boolean[] = [];
  const blockers = new Set<number>();
  const counters = { setupShown: 0, retries: 0, reloads: 0, nextBlocker: 1 };
  const ports: DesktopPorts = {
    displays: () => displays,
    kiosk: {
      apply: (windows, options) => applied.push({ windows, ...options }),
      retryNow: () => {
        counters.retries += 1;
      },
      reloadAll: () => {
        counters.reloads += 1;
      },
    },
    showSetup: () => {
      counters.setupShown += 1;
    },
    powerBlocker: {
      start: () => {
        blockers.add(counters.nextBlocker);
        counters.nextBlocker += 1;
        return counters.nextBlocker - 1;
      },
      stop: (id) => {
        blockers.delete(id);
      },
    },
    setLaunchAtLogin: (enabled) => loginItem.push(enabled),
    openExternal: async (url) => {
      opened.push(url);
    },
    warn: (message) => warnings.push(message),
    changed: () => {},
    log: () => {},
  };
  return {
    ports,
    applied,
    warnings,
    opened,
    loginItem,
    blockers,
    counters,
    /** The windows as the last apply left them. */
    windows: (): ReadonlyArray<WindowSpec> => applied.at(-1)?.windows ?? [],
    setDisplays: (next: ReadonlyArray<DisplayInfo>) => {
      displays = next;
    },
  };
};
