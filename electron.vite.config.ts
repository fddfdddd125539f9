import react from "@vitejs/plugin-react";
import { defineConfig } from "electron-vite";
import { resolve } from "node:path";

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
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, "out/renderer"),
      rollupOptions: { input: { index: resolve(import.meta.dirname, "renderer/index.html") } },
    },
  },
});
