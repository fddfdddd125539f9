import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isStale } from "./freshness.ts";

/**
 * Builds the boards (out/renderer) when they are missing or older than their sources, so a fresh
 * clone's `npm start` shows the boards and the e2e tests always run against current pages. Only
 * the renderer is built (with Vite, from the renderer section of electron.vite.config.ts); the
 * Electron entries are `npm run build`'s business.
 */

const root = resolve(import.meta.dirname, "..");
export const rendererIndex = join(root, "out", "renderer", "index.html");
const sources = ["renderer", "server/domain", "electron.vite.config.ts", "package-lock.json"].map((path) =>
  join(root, path),
);

export const rendererIsStale = (): boolean => isStale(rendererIndex, sources);

export const buildRenderer = async (): Promise<void> => {
  const { build } = await import("vite");
  const { default: config } = await import("../electron.vite.config.ts");
  const renderer = config.renderer;
  if (renderer === undefined) throw new Error("electron.vite.config.ts has no renderer section");
  await build({
    ...renderer,
    configFile: false,
    logLevel: "warn",
    build: { ...renderer.build, emptyOutDir: true },
  });
};

/** Builds when stale; true when it built. */
export const ensureRenderer = async (): Promise<boolean> => {
  if (!rendererIsStale()) return false;
  await buildRenderer();
  return true;
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (rendererIsStale()) {
      process.stdout.write("Building the boards (out/renderer)…\n");
      await buildRenderer();
    }
  } catch (error) {
    // The server still starts and serves its plain live page; say why the boards are missing.
    process.stderr.write(
      `medi-test: could not build the boards: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}
