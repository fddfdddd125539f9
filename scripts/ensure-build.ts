import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { isStale } from "./freshness.ts";

/**
 * Run before `npm start`: builds what is missing or older than its sources, so a fresh clone's
 * `npm start` just works and a second start does not rebuild.
 */
const vite = (args: ReadonlyArray<string>): void => {
  execFileSync(process.execPath, [join("node_modules", "vite", "bin", "vite.js"), ...args], { stdio: "inherit" });
};

if (isStale("out/server/main.js", ["server", "resources", "vite.server.config.ts", "package-lock.json"])) {
  process.stdout.write("Building the lab server…\n");
  vite(["build", "-c", "vite.server.config.ts", "--logLevel", "warn"]);
}
