import { Command } from "effect/cli";
import { pinSetCommand } from "./pin-set.ts";

/** `medi-test pin set`. */
export const pinCommand = () =>
  Command.make("pin").pipe(
    Command.withDescription("The lab PIN testers sign in with"),
    Command.withSubcommands([pinSetCommand()]),
  );
