import { ipcMain } from "electron";
import { bridgeChannels, type BridgeChannel } from "../../preload/bridge-api.ts";
import type { DesktopController } from "../core/desktop-controller.ts";
import { isEmptyPayload } from "../core/ipc-payloads.ts";
import { isIpcAllowed, type TrustedOrigins } from "../core/ipc-access.ts";

export interface BridgeOptions {
  readonly controller: DesktopController;
  readonly isSetupContents: (contentsId: number) => boolean;
  readonly isKioskContents: (contentsId: number) => boolean;
  readonly origins: () => TrustedOrigins;
  readonly log: (message: string) => void;
}

class RefusedCall extends Error {
  override readonly name = "RefusedCall";
}

/** Answers the preload's fixed channels; every call is checked for its sender and payload first. */
export const registerBridgeHandlers = (options: BridgeOptions): void => {
  const { controller } = options;
  const handle = (channel: BridgeChannel, run: (args: ReadonlyArray<unknown>) => unknown): void => {
    ipcMain.handle(channel, (event, ...args: unknown[]) => {
      const sender = {
        isSetupWindow: options.isSetupContents(event.sender.id),
        isKioskWindow: options.isKioskContents(event.sender.id),
        frameUrl: event.senderFrame?.url,
      };
      if (!isIpcAllowed(channel, sender, options.origins())) {
        options.log(`refused ${channel} from ${sender.frameUrl ?? "a closed frame"}`);
        throw new RefusedCall(`${channel} is not available to this page`);
      }
      return run(args);
    });
  };
  const noArguments = (run: () => unknown) => (args: ReadonlyArray<unknown>) => {
    if (!isEmptyPayload(args)) throw new RefusedCall("this call takes no arguments");
    return run();
  };
  handle(
    bridgeChannels.appInfo,
    noArguments(() => controller.appInfo()),
  );
  handle(
    bridgeChannels.displays,
    noArguments(() => controller.displays()),
  );
  handle(
    bridgeChannels.setupState,
    noArguments(() => controller.setupState()),
  );
  handle(
    bridgeChannels.listRuns,
    noArguments(() => controller.listRuns()),
  );
  handle(
    bridgeChannels.openTesterPage,
    noArguments(() => controller.openTesterPage()),
  );
  // The form is decoded by the controller (effect/Schema); anything but exactly one argument is refused here.
  handle(bridgeChannels.saveSetup, (args) => {
    if (args.length !== 1) throw new RefusedCall("save takes exactly the form");
    return controller.saveSetup(args[0]);
  });
};
