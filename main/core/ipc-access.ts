import { type BridgeChannel, bridgeChannels, setupOnlyChannels } from "../../preload/bridge-api.ts";
import { originOf } from "./host-url.ts";

export interface IpcSender {
  /** The calling window is the setup window. */
  readonly isSetupWindow: boolean;
  /** The calling window is one of the kiosk windows. */
  readonly isKioskWindow: boolean;
  /** The URL of the frame that called (undefined when it is gone). */
  readonly frameUrl: string | undefined;
}

export interface TrustedOrigins {
  readonly setup: ReadonlyArray<string>;
  readonly boards: ReadonlyArray<string>;
}

const knownChannels: ReadonlySet<string> = new Set(Object.values(bridgeChannels));

export const isBridgeChannel = (channel: string): channel is BridgeChannel => knownChannels.has(channel);

/**
 * May this sender use this channel? Setup channels (admin token, settings) only from the setup
 * window at the app's own origin; the read-only ones also from a kiosk window at the board origin.
 */
export const isIpcAllowed = (channel: string, sender: IpcSender, origins: TrustedOrigins): boolean => {
  if (!isBridgeChannel(channel) || sender.frameUrl === undefined) return false;
  const origin = originOf(sender.frameUrl);
  if (origin === undefined) return false;
  const fromSetup = sender.isSetupWindow && origins.setup.includes(origin);
  if (setupOnlyChannels.includes(channel)) return fromSetup;
  return fromSetup || (sender.isKioskWindow && origins.boards.includes(origin));
};
