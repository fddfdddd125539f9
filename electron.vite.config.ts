import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";
import { resolve } from "node:path";
import type { Plugin } from "vite";

/**
 * electron-vite rewrites the renderer's base to "./" in production builds (made for file://).
 * The boards are served over HTTP at nested routes (/board/:runId), where relative asset URLs
 * break, so the base stays absolute.
 */
const absoluteBase = (): Plugin => ({ name: "medi-test:absolute-base", config: () => ({ base: "/" }) });

/** Builds the three Electron entries from the top-level folders into out/. */
export default defineConfig({
  main: {
    build: {
      outDir: "out/main",
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, "main/index.ts") } },
    },
  },
  preload: {
    build: {
      outDir: "out/preload",
      externalizeDeps: true,
      // The sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, "preload/index.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, "renderer"),
    base: "/",
    plugins: [react(), absoluteBase()],
    build: {
      outDir: resolve(import.meta.dirname, "out/renderer"),
      // Phones on the lab Wi-Fi load this too.
      minify: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, "renderer/index.html"),
          // The desktop app's own set-up page, served from out/renderer over medi-test://app.
          setup: resolve(import.meta.dirname, "renderer/setup.html"),
        },
      },
    },
  },
});
