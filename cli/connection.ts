import { Effect, Exit, Option, Schema } from "effect";
import { Flag } from "effect/cli";
import { defaultConfig } from "../server/config.ts";
import { UsageError } from "./errors.ts";

/** Where the server is and who we are: `--url` / MEDI_TEST_URL, `--token` / MEDI_TEST_TOKEN. */
export interface Connection {
  /** Without a trailing slash: "http://127.0.0.1:4310". */
  readonly url: string;
  readonly token: string | undefined;
}

export const defaultUrl = `http://127.0.0.1:${defaultConfig.port}`;

const ServerUrl = Schema.String.check(Schema.isPattern(/^https?:\/\/[^\s/?#@]{1,300}(\/[^\s?#]{0,500})?$/));
/** What an Authorization header can carry: visible ASCII, no spaces. */
const TokenText = Schema.String.check(Schema.isPattern(/^[\x21-\x7e]{1,500}$/));

/** The flags every command that talks to a server takes (and shows in its --help). */
export const connectionFlags = () => ({
  url: Flag.String("url").pipe(
    Flag.withDescription(`address of the medi-test server (env MEDI_TEST_URL; default ${defaultUrl})`),
    Flag.optional,
  ),
  token: Flag.String("token").pipe(
    Flag.withDescription("access token sent as Authorization: Bearer (env MEDI_TEST_TOKEN)"),
    Flag.optional,
  ),
  json: Flag.Boolean("json").pipe(
    Flag.withDescription("print the result as one JSON document on stdout, for scripts"),
    Flag.withDefault(false),
  ),
});

export interface ConnectionInput {
  readonly url: Option.Option<string>;
  readonly token: Option.Option<string>;
}

const pick = (flag: Option.Option<string>, env: string | undefined, flagName: string, envName: string) =>
  Option.match(flag, {
    onSome: (value) => ({ value, source: flagName }),
    onNone: () => (env === undefined || env === "" ? undefined : { value: env, source: envName }),
  });

const decode = <S extends Schema.Codec<string, string>>(
  schema: S,
  picked: { readonly value: string; readonly source: string },
  expected: string,
): Effect.Effect<string, UsageError> => {
  const exit = Schema.decodeUnknownExit(schema)(picked.value);
  return Exit.isSuccess(exit)
    ? Effect.succeed(exit.value)
    : Effect.fail(new UsageError({ message: `${picked.source} must be ${expected}` }));
};

/** Flags win over the environment; both are decoded, and a bad one is named. */
export const resolveConnection = (
  input: ConnectionInput,
  env: Readonly<Record<string, string | undefined>>,
): Effect.Effect<Connection, UsageError> =>
  Effect.gen(function* () {
    const url = yield* decode(
      ServerUrl,
      pick(input.url, env.MEDI_TEST_URL, "--url", "MEDI_TEST_URL") ?? { value: defaultUrl, source: "--url" },
      `an http:// or https:// address such as ${defaultUrl}`,
    );
    const pickedToken = pick(input.token, env.MEDI_TEST_TOKEN, "--token", "MEDI_TEST_TOKEN");
    const token =
      pickedToken === undefined ? undefined : yield* decode(TokenText, pickedToken, "a token without spaces");
    return { url: url.replace(/\/+$/, ""), token };
  });
