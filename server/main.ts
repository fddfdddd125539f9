import { ConfigError, loadConfig, usage } from "./config.ts";
import { startHeadless } from "./headless.ts";
import { describeStartFailure } from "./start-failure.ts";

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
  await startHeadless(config);
};

main().catch((error: unknown) => {
  const failure = describeStartFailure(error, { stack: true });
  process.stderr.write(`medi-test: ${failure.message}\n`);
  process.exit(failure.exitCode);
});
