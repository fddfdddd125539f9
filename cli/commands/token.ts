import { Command } from "effect/cli";
import { tokenCreateCommand } from "./token-create.ts";
import { tokenListCommand } from "./token-list.ts";
import { tokenRevokeCommand } from "./token-revoke.ts";

/** `medi-test token create|list|revoke`. */
export const tokenCommand = () =>
  Command.make("token").pipe(
    Command.withDescription("Create, list and revoke access tokens (CI jobs, wall screens)"),
    Command.withSubcommands([tokenCreateCommand(), tokenListCommand(), tokenRevokeCommand()]),
  );
