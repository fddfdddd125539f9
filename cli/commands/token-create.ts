import { Effect } from "effect";
import { Argument, Command, Flag } from "effect/cli";
import { CreateTokenBody } from "../../server/domain/requests.ts";
import { CreatedToken } from "../../server/domain/token-info.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { fetchJson } from "../http-client.ts";
import { printResult } from "../output.ts";

export const createdTokenLines = (token: CreatedToken): ReadonlyArray<string> => [
  `Created ${token.role} token "${token.name}" (id ${token.id}).`,
  "Its secret is shown only now; keep it (a CI secret, a wall's address):",
  token.token,
];

/** `medi-test token create <name> --role tester|viewer|admin` (admin token needed). */
export const tokenCreateCommand = () =>
  Command.make(
    "create",
    {
      name: Argument.String("name").pipe(
        Argument.withDescription('who the token is for, as boards show it ("CI nightly", "Wall 1")'),
      ),
      role: Flag.Literals("role", ["tester", "viewer", "admin"]).pipe(
        Flag.withDescription("tester: records results · viewer: read-only (walls) · admin: everything; default tester"),
        Flag.withDefault("tester" as const),
      ),
      ...connectionFlags(),
    },
    (input) =>
      withConnection(input, (connection) =>
        Effect.gen(function* () {
          const body = yield* decodeInput(
            CreateTokenBody,
            { name: input.name, role: input.role },
            "the token name",
            "1 to 100 characters",
          );
          const created = yield* fetchJson(connection, {
            method: "POST",
            path: "/api/tokens",
            body,
            response: CreatedToken,
          });
          yield* printResult(input.json, created, () => createdTokenLines(created));
        }),
      ),
  ).pipe(Command.withDescription("Create a token; its secret is printed once (needs the admin token)"));
