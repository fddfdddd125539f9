import { existsSync } from "node:fs";
import { ConfigError, loadConfig, usage } from "./config.ts";
import { demoRuns, seedDemoLab, startDemoTester } from "./demo/demo-lab.ts";
import { DataDirRefusal } from "./infrastructure/data-dir-refusal.ts";
import { startLabServer } from "./start-server.ts";

const pinSource = (configured: boolean, note: string, created: boolean): string => {
  if (configured) return "from the configuration";
  if (existsSync(note)) return `in ${note}${created ? " (created now)" : ""}`;
  return "set earlier and not noted in a file (an admin can set a new one: PUT /api/settings/pin)";
};

/** Headless entry (`npm start`): the same server the desktop app embeds, in plain Node. */
const main = async (): Promise<void> => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ argv: process.argv.slice(2), env: process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`medi-test: ${error.message}\n\n${usage()}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (config.help) {
    process.stdout.write(`${usage()}\n`);
    return;
  }
  const server = await startLabServer(config, {
    logger: config.logLevel === "silent" ? false : { level: config.logLevel },
  });
  let stopDemo = () => {};
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
};

main().catch((error: unknown) => {
  if (error instanceof DataDirRefusal) {
    process.stderr.write(`medi-test: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") process.stderr.write("medi-test: that port is already in use; pick another with --port\n");
  else if (code === "EACCES")
    process.stderr.write("medi-test: no permission to listen on that port or to use the data folder\n");
  else
    process.stderr.write(
      `medi-test: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
