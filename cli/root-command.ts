import { Command } from "effect/cli";
import { backupCommand } from "./commands/backup.ts";
import { importCommand } from "./commands/import-junit.ts";
import { exportCommand } from "./commands/export.ts";
import { pinCommand } from "./commands/pin.ts";
import { restoreCommand } from "./commands/restore.ts";
import { resultsCommand } from "./commands/results.ts";
import { runCommand } from "./commands/run.ts";
import { serveCommand } from "./commands/serve.ts";
import { tokenCommand } from "./commands/token.ts";
import { watchCommand } from "./commands/watch.ts";

/**
 * The `medi-test` command tree. One file per command in cli/commands/; a new command is a file
 * there exporting `xCommand()`, listed here.
 */
export const rootCommand = () =>
  Command.make("medi-test").pipe(
    Command.withDescription("Live test-run progress on lab walls: run the server, or talk to one"),
    Command.withSubcommands([
      serveCommand(),
      tokenCommand(),
      runCommand(),
      importCommand(),
      resultsCommand(),
      watchCommand(),
      exportCommand(),
      backupCommand(),
      restoreCommand(),
      pinCommand(),
    ]),
  );
