import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import { join } from "node:path";
import type { DesktopController } from "../core/desktop-controller.ts";

export interface TrayOptions {
  readonly controller: DesktopController;
  readonly iconsDir: string;
  readonly showSetup: () => void;
  readonly quit: () => void;
  readonly platform: NodeJS.Platform;
}

/** The tray icon and its menu: tester page, addresses and QR, kiosk on/off, reload, quit. */
export const makeTrayMenu = (options: TrayOptions) => {
  const { controller } = options;
  const icon = nativeImage.createFromPath(
    join(options.iconsDir, options.platform === "darwin" ? "trayTemplate.png" : "tray.png"),
  );
  if (options.platform === "darwin") icon.setTemplateImage(true);
  const tray = new Tray(icon);
  const refresh = (): void => {
    const model = controller.trayModel();
    const items: MenuItemConstructorOptions[] = [
      { label: model.title, enabled: false },
      { label: model.status, enabled: false },
      ...model.warnings.map(
        (warning): MenuItemConstructorOptions => ({ label: `⚠ ${warning}`, click: options.showSetup }),
      ),
      { type: "separator" },
      {
        label: "Open the tester page in the browser",
        enabled: model.canOpenTesterPage,
        click: () => void controller.openTesterPage(),
      },
      { label: "Addresses, QR code and settings…", click: options.showSetup },
      { type: "separator" },
      {
        label: "Kiosk mode (full screen)",
        type: "checkbox",
        checked: model.kiosk,
        click: () => controller.toggleKiosk(),
      },
      { label: "Reload the boards", click: () => controller.reloadBoards() },
      {
        label: "Start with this computer",
        type: "checkbox",
        checked: model.launchAtLogin,
        click: () => controller.setLaunchAtLogin(!model.launchAtLogin),
      },
      { type: "separator" },
      { label: "Quit medi-test", click: options.quit },
    ];
    tray.setToolTip(`${model.title}\n${model.status}`);
    tray.setContextMenu(Menu.buildFromTemplate(items));
  };
  refresh();
  return { refresh, destroy: () => tray.destroy() };
};
