import { join } from "node:path";

export interface AppPathsInput {
  /** Electron's app.isPackaged. */
  readonly packaged: boolean;
  /** process.resourcesPath in a packaged app. */
  readonly resourcesPath: string;
  /** The folder of the built main script (out/main). */
  readonly mainDir: string;
}

export interface AppPaths {
  readonly preload: string;
  /** The renderer build: the setup page is served from here over medi-test://app. */
  readonly rendererDir: string;
  readonly iconsDir: string;
  /** Undefined: the server finds resources/migrations beside the build itself. */
  readonly migrationsDir: string | undefined;
}

/**
 * Where things are: inside the app archive when packaged (icons and migrations ship beside it,
 * unpacked, as electron-builder's extraResources), in the source tree when run from out/.
 */
export const appPaths = (input: AppPathsInput): AppPaths => {
  const outDir = join(input.mainDir, "..");
  return {
    preload: join(outDir, "preload", "index.cjs"),
    rendererDir: join(outDir, "renderer"),
    iconsDir: input.packaged ? join(input.resourcesPath, "icons") : join(outDir, "..", "resources", "icons"),
    migrationsDir: input.packaged ? join(input.resourcesPath, "migrations") : undefined,
  };
};
