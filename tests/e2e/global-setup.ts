import { ensureRenderer } from "../../scripts/ensure-renderer.ts";

/** The browser tests run against the built boards: build them once, and only when stale. */
export const setup = async (): Promise<void> => {
  await ensureRenderer();
};
