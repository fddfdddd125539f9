import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isStale } from "./freshness.ts";

/**
 * Run before `npm start` (the server) and by bin/medi-test.js (the command, `--cli`): builds what
 * is missing or older than its sources, so a fresh clone's `npm start` and `npx medi-test` just
 * work and a second start does not rebuild.
 */
const root = resolve(import.meta.dirname, "..");

interface Target {
  readonly what: string;
  readonly output: string;
  readonly config: string;
  readonly sources: ReadonlyArray<string>;
}

export const serverTarget: Target = {
  what: "the lab server",
  output: "out/server/main.js",
  config: "vite.server.config.ts",
  sources: ["server", "resources", "vite.server.config.ts", "package-lock.json"],
};

export const cliTarget: Target = {
  what: "the medi-test command",
  output: "out/cli/main.js",
  config: "vite.cli.config.ts",
  // `export` uses the boards' words and progress series (renderer/src/shared): a change there rebuilds it too.
  sources: [
    "cli",
    "server",
    "resources",
    "renderer/src/shared/i18n",
    "renderer/src/shared/live",
    "renderer/src/shared/ui/status-meta.ts",
    "vite.cli.config.ts",
    "package-lock.json",
  ],
};

const at = (path: string) => join(root, path);

/**
 * Builds `target` when stale; true when it built. `progressOnStderr` sends every line (ours and
 * Vite's) to stderr, so a command's `--json` output on stdout stays clean.
 */
export const ensureBuilt = (target: Target, progressOnStderr: boolean): boolean => {
  if (!isStale(at(target.output), target.sources.map(at))) return false;
  (progressOnStderr ? process.stderr : process.stdout).write(`Building ${target.what}…\n`);
  execFileSync(
    process.execPath,
    [at(join("node_modules", "vite", "bin", "vite.js")), "build", "-c", at(target.config), "--logLevel", "warn"],
    { stdio: ["ignore", progressOnStderr ? process.stderr : "inherit", "inherit"], cwd: root },
  );
  return true;
};

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureBuilt(process.argv.includes("--cli") ? cliTarget : serverTarget, false);
}
