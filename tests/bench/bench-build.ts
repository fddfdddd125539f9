import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "vite";

/**
 * Bundles the bench-only server entry the way vite.server.config.ts bundles `npm start`
 * (one ES module, only the SQLite addon external), so a comparison between hubs measures the
 * same kind of process as the product.
 */
export const hubChoiceBundle = resolve("out/bench/hub-choice-server.js");

export const ensureHubChoiceBuild = async (): Promise<string> => {
  const product = resolve("out/server/main.js");
  if (
    existsSync(hubChoiceBundle) &&
    existsSync(product) &&
    statSync(hubChoiceBundle).mtimeMs >= statSync(product).mtimeMs
  ) {
    const sources = ["tests/bench/hub-choice-server.ts", "tests/bench/seed-hub-broadcaster.ts"].map(
      (p) => statSync(p).mtimeMs,
    );
    if (Math.max(...sources) <= statSync(hubChoiceBundle).mtimeMs) return hubChoiceBundle;
  }
  await build({
    configFile: false,
    logLevel: "warn",
    ssr: { noExternal: true, external: ["better-sqlite3"] },
    build: {
      ssr: "tests/bench/hub-choice-server.ts",
      outDir: "out/bench",
      target: "node24",
      emptyOutDir: true,
      rollupOptions: { output: { entryFileNames: "hub-choice-server.js" } },
    },
  });
  return hubChoiceBundle;
};
