import { Effect } from "effect";
import { Argument, Command } from "effect/cli";
import { PinBody } from "../../server/domain/requests.ts";
import { withConnection } from "../client-command.ts";
import { connectionFlags } from "../connection.ts";
import { decodeInput } from "../decode-input.ts";
import { callApi } from "../http-client.ts";
import { printResult } from "../output.ts";

/** `medi-test pin set <pin>`: PUT /api/settings/pin (admin token needed). */
export const pinSetCommand = () =>
  Command.make(
    "set",
    {
      pin: Argument.String("pin").pipe(Argument.withDescription("the new lab PIN, 4 to 12 digits")),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        const body = yield* decodeInput(PinBody, { pin: input.pin }, "the PIN", "4 to 12 digits");
        yield* withConnection(input, (connection) =>
          Effect.gen(function* () {
            yield* callApi(connection, { method: "PUT", path: "/api/settings/pin", body });
            yield* printResult(input.json, { changed: true }, () => [
              "Lab PIN changed. Testers signed in with the old PIN are signed out; issued tokens keep working.",
            ]);
          }),
        );
      }),
  ).pipe(Command.withDescription("Change the lab PIN testers sign in with (needs the admin token)"));
