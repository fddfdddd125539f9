import { Command } from "effect/cli";
import { runCreateCommand } from "./run-create.ts";
import { runStatusCommand } from "./run-status.ts";

/** `medi-test run create|status`: what a CI job needs around its results. */
export const runCommand = () =>
  Command.make("run").pipe(
    Command.withDescription("Create a run, or start, pause, complete or abort one"),
    Command.withSubcommands([runCreateCommand(), runStatusCommand()]),
  );
