import { defineConfig } from "vite";

/**
 * The headless server as one ES module in out/server/main.js. Dependencies are bundled in (only
 * the native SQLite addon stays in node_modules): loading hundreds of small ES modules costs Node
 * far more memory than one file (≈290 MB against ≈90 MB resident at start).
 */
export default defineConfig({
  ssr: { noExternal: true, external: ["better-sqlite3"] },
  build: {
    ssr: "server/main.ts",
    outDir: "out/server",
    target: "node24",
    sourcemap: true,
    emptyOutDir: true,
    rollupOptions: { output: { entryFileNames: "main.js" } },
  },
});
