import { contextBridge } from "electron";

/** The one global the renderer may use; pages work unchanged without it (plain browsers). */
contextBridge.exposeInMainWorld("mediTest", { isDesktop: true });
