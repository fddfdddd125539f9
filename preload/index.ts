import { contextBridge, ipcRenderer } from "electron";
import { bridgeChannels, type MediTestBridge, type SetupForm } from "./bridge-api.ts";

/**
 * The one global the pages may use. Every call is a fixed channel; main checks the sender and
 * decodes the payload. Pages feature-detect `window.mediTest` and work unchanged in a browser.
 */
const bridge: MediTestBridge = {
  isDesktop: true,
  getAppInfo: () => ipcRenderer.invoke(bridgeChannels.appInfo),
  getDisplays: () => ipcRenderer.invoke(bridgeChannels.displays),
  setup: {
    getState: () => ipcRenderer.invoke(bridgeChannels.setupState),
    save: (form: SetupForm) => ipcRenderer.invoke(bridgeChannels.saveSetup, form),
    listRuns: () => ipcRenderer.invoke(bridgeChannels.listRuns),
    openTesterPage: () => ipcRenderer.invoke(bridgeChannels.openTesterPage),
  },
};

contextBridge.exposeInMainWorld("mediTest", bridge);
