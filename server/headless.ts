import { existsSync } from "node:fs";
import type { Config } from "./config.ts";
import { demoRuns, seedDemoLab, startDemoTester } from "./demo/demo-lab.ts";
import { startLabServer } from "./start-server.ts";

/**
 * The headless lab server as `npm start` and `medi-test serve` run it: starts it, prints where
 * everything is, and closes it on SIGINT/SIGTERM. Both entries decode their flags with loadConfig.
 */

const pinSource = (configured: boolean, note: string, created: boolean): string => {
  if (configured) return "from the configuration";
  if (existsSync(note)) return `in ${note}${created ? " (created now)" : ""}`;
  return "set earlier and not noted in a file (an admin can set a new one: PUT /api/settings/pin)";
};

/** Resolves once the server listens; the process then lives until a signal closes it. */
export const startHeadless = async (config: Config): Promise<void> => {
  const server = await startLabServer(config, {
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
  });
  let stopDemo = () => {};
  // Before anything is printed: a supervisor (or a test) that stops the server as soon as it
  // reads the address must get a clean shutdown, never Node's default end of the process.
  const shutdown = (signal: string) => {
    process.stdout.write(`\n${signal}: closing every stream and the database…\n`);
    stopDemo();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`medi-test: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  if (config.demo) {
    const seeded = await server.runtime.runPromise(seedDemoLab());
    stopDemo = startDemoTester(server.runtime, config.demoIntervalMs);
    const pace = `a simulated tester records a result every ${config.demoIntervalMs} ms`;
    process.stdout.write(
      seeded ? `Demo lab created: ${demoRuns().length} runs, ${pace}.\n` : `Demo tester running: ${pace}.\n`,
    );
  }
  const lines = [
    "",
    "medi-test lab server is running",
    ...server.urls.map((url) => `  Boards and tester pages: ${url}/`),
    `  Live stream:             ${server.localUrl}/api/stream?all=1`,
    `  API description:         ${server.localUrl}/api/openapi.json`,
    config.adminToken === undefined
      ? `  Admin token:             in ${server.paths.adminToken}${server.createdAdminToken ? " (created now)" : ""}`
      : "  Admin token:             from MEDI_TEST_ADMIN_TOKEN",
    `  Lab PIN for testers:     ${pinSource(config.pin !== undefined, server.paths.labPin, server.createdPin !== undefined)}`,
    `  Data:                    ${server.paths.root}`,
    "Press Ctrl+C to stop.",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  for (const warning of server.warnings) process.stderr.write(`medi-test: warning: ${warning}\n`);
};
