#!/usr/bin/env node
// The `medi-test` command (package.json "bin"). It runs the bundled command, out/cli/main.js. In a
// checkout it first builds what is missing or older than its sources, as `npm start` does, with
// any build output on stderr so `--json` output stays clean; `serve` also builds the boards.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toStderr = (line) => process.stderr.write(line);

if (existsSync(join(root, "scripts", "ensure-build.ts"))) {
  const { cliTarget, ensureBuilt } = await import(pathToFileURL(join(root, "scripts", "ensure-build.ts")).href);
  ensureBuilt(cliTarget, true);
  if (process.argv[2] === "serve") {
    const { ensureRenderer } = await import(pathToFileURL(join(root, "scripts", "ensure-renderer.ts")).href);
    if (await ensureRenderer().catch(() => false)) toStderr("Built the boards (out/renderer).\n");
  }
}
await import(pathToFileURL(join(root, "out", "cli", "main.js")).href);
