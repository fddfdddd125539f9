import { Effect } from "effect";
import { Command } from "effect/cli";
import { type TokenInfo, TokenList } from "../../server/domain/token-info.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { fetchJson } from "../http-client.ts";
import { formatTable, printResult } from "../output.ts";

export const tokenTableLines = (tokens: ReadonlyArray<TokenInfo>): ReadonlyArray<string> =>
  tokens.length === 0
    ? ["No tokens."]
    : formatTable([
        ["ID", "ROLE", "KIND", "CREATED", "STATE", "NAME"],
        ...tokens.map((t) => [
          t.id,
          t.role,
          t.kind,
          t.createdAt,
          t.revokedAt === null ? "active" : `revoked ${t.revokedAt}`,
          t.name,
        ]),
      ]);

/** `medi-test token list` (admin token needed). */
export const tokenListCommand = () =>
  Command.make("list", { ...connectionFlags() }, (input) =>
    withConnection(input, (connection) =>
      Effect.gen(function* () {
        const list = yield* fetchJson(connection, { method: "GET", path: "/api/tokens", response: TokenList });
        yield* printResult(input.json, list, () => tokenTableLines(list.tokens));
      }),
    ),
  ).pipe(Command.withDescription("List tokens, never their secrets (needs the admin token)"));
