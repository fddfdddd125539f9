import { Effect } from "effect";
import { Argument, Command } from "effect/cli";
import { TokenParams } from "../../server/domain/requests.ts";
import { TokenInfo } from "../../server/domain/token-info.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { fetchJson } from "../http-client.ts";
import { printResult } from "../output.ts";

/** `medi-test token revoke <id>` (admin token needed). */
export const tokenRevokeCommand = () =>
  Command.make(
    "revoke",
    {
      id: Argument.String("id").pipe(Argument.withDescription("the token's id, as token list shows it")),
      ...connectionFlags(),
    },
    (input) =>
      withConnection(input, (connection) =>
        Effect.gen(function* () {
          const { id } = yield* decodeInput(TokenParams, { id: input.id }, "the token id", "1 to 64 characters");
          const revoked = yield* fetchJson(connection, {
            method: "DELETE",
            path: `/api/tokens/${encodeURIComponent(id)}`,
            response: TokenInfo,
          });
          yield* printResult(input.json, revoked, () => [
            `Revoked ${revoked.role} token "${revoked.name}" (id ${revoked.id}): it no longer works.`,
          ]);
        }),
      ),
  ).pipe(Command.withDescription("Revoke a token at once (needs the admin token)"));
