import { Effect, Option } from "effect";
import { Argument, Command } from "effect/cli";
import { PinBody } from "../../server/domain/requests.ts";
import { CliIo } from "../cli-io.ts";
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
      pin: Argument.String("pin").pipe(
        Argument.withDescription(
          "the new lab PIN, 4 to 12 digits; leave it out to type it (or pipe it) on stdin, out of the process list and shell history",
        ),
        Argument.optional,
      ),
      ...connectionFlags(),
    },
    (input) =>
      Effect.gen(function* () {
        const io = yield* CliIo;
        const typed = Option.isSome(input.pin)
          ? input.pin.value
          : io.readLine === undefined
            ? ""
            : yield* Effect.promise(() => io.readLine?.("New lab PIN: ") ?? Promise.resolve(""));
        const body = yield* decodeInput(PinBody, { pin: typed.trim() }, "the PIN", "4 to 12 digits");
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
