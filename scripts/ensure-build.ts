import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Run before `npm start`: builds what is missing or older than its sources, so a fresh clone's
 * `npm start` just works and a second start does not rebuild.
 */
const newest = (paths: ReadonlyArray<string>): number => {
  let latest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== "node_modules") visit(join(path, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const path of paths) visit(path);
  return latest;
};

const stale = (output: string, sources: ReadonlyArray<string>): boolean =>
  !existsSync(output) || statSync(output).mtimeMs < newest(sources);

const vite = (args: ReadonlyArray<string>): void => {
  execFileSync(process.execPath, [join("node_modules", "vite", "bin", "vite.js"), ...args], { stdio: "inherit" });
};

if (stale("out/server/main.js", ["server", "resources", "vite.server.config.ts", "package-lock.json"])) {
  process.stdout.write("Building the lab server…\n");
  vite(["build", "-c", "vite.server.config.ts", "--logLevel", "warn"]);
}
