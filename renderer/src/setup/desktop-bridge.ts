import type { MediTestBridge } from "../../../preload/bridge-api.ts";

const isBridge = (value: unknown): value is MediTestBridge =>
  typeof value === "object" &&
  value !== null &&
  Reflect.get(value, "isDesktop") === true &&
  typeof Reflect.get(value, "getAppInfo") === "function" &&
  typeof Reflect.get(value, "setup") === "object";

/** The desktop bridge when this page runs in the medi-test app; undefined in a plain browser. */
export const desktopBridge = (): MediTestBridge | undefined => {
  const candidate: unknown = Reflect.get(window, "mediTest");
  return isBridge(candidate) ? candidate : undefined;
};
