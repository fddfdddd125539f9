import { defineConfig } from "vite";

/**
 * The `medi-test` command as one ES module in out/cli/main.js, loaded by bin/medi-test.js. Bundled
 * like the server (vite.server.config.ts, whose code `serve` and `restore` include); only the
 * native SQLite addon stays in node_modules. out/cli sits beside out/server, so the migrations
 * (resources/) and the boards (out/renderer) are found from it the same way.
 */
export default defineConfig({
  ssr: { noExternal: true, external: ["better-sqlite3"] },
  build: {
    ssr: "cli/main.ts",
    outDir: "out/cli",
    target: "node24",
    sourcemap: true,
    emptyOutDir: true,
    // Chunks (serve's and restore's server code) stay beside main.js, not in assets/: the server
    // finds resources/ and out/renderer relative to its own file.
    rollupOptions: { output: { entryFileNames: "main.js", chunkFileNames: "[name]-[hash].js" } },
  },
});
