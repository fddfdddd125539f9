import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The newest modification time of any file under the given paths (node_modules skipped). */
export const newestMtime = (paths: ReadonlyArray<string>): number => {
  let latest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== "node_modules") visit(join(path, entry));
    } else latest = Math.max(latest, stats.mtimeMs);
  };
  for (const path of paths) visit(path);
  return latest;
};

/** True when `output` is missing or older than any of its sources. */
export const isStale = (output: string, sources: ReadonlyArray<string>): boolean =>
  !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);
