import { Effect, Option } from "effect";
import { Command, Flag } from "effect/cli";
import { ConfigError, loadConfig, type SettingFlag, settingFlags } from "../../server/config.ts";
import { CliIo } from "../cli-io.ts";
import { Failure, UsageError } from "../errors.ts";
import { describeStartFailure } from "../../server/start-failure.ts";

type ServeFlag = Flag.Flag<Option.Option<string>> | Flag.Flag<Option.Option<boolean>>;

/** One parser flag per server setting; the values stay text and are decoded by loadConfig. */
const serveFlag = (setting: SettingFlag): ServeFlag =>
  setting.boolean
    ? Flag.Boolean(setting.name).pipe(
        Flag.withoutNegation,
        Flag.withDescription(`${setting.description} (env ${setting.env})`),
        Flag.optional,
      )
    : Flag.String(setting.name).pipe(
        Flag.withDescription(`${setting.description} (env ${setting.env})`),
        Flag.optional,
      );

/** The flags given, back as the command line `npm start` takes (loadConfig decodes them). */
export const serveArgv = (values: Readonly<Record<string, Option.Option<string | boolean>>>): ReadonlyArray<string> =>
  Object.entries(values).flatMap(([name, value]) =>
    Option.match(value, {
      onNone: () => [],
      onSome: (v) => (typeof v === "boolean" ? (v ? [`--${name}`] : []) : [`--${name}`, v]),
    }),
  );

/**
 * `medi-test serve [settings]`: the lab server, exactly as `npm start` runs it — the same settings,
 * decoded by the same loadConfig (defaults < --config file < MEDI_TEST_* < flags).
 */
export const serveCommand = () => {
  const flags: Record<string, ServeFlag> = {
    config: Flag.String("config").pipe(
      Flag.withDescription("JSON file with any of these settings, camelCase keys (env MEDI_TEST_CONFIG)"),
      Flag.optional,
    ),
  };
  for (const setting of settingFlags()) flags[setting.name] = serveFlag(setting);
  return Command.make("serve", flags, (values) =>
    Effect.gen(function* () {
      const io = yield* CliIo;
      const config = yield* Effect.try({
        try: () => loadConfig({ argv: serveArgv(values), env: io.env }),
        catch: (error) =>
          error instanceof ConfigError
            ? new UsageError({ message: error.message })
            : new Failure({ message: error instanceof Error ? error.message : String(error) }),
      });
      yield* Effect.tryPromise({
        // Loaded here: the other commands start without loading the whole server.
        try: async () => (await import("../../server/headless.ts")).startHeadless(config),
        catch: (error) => {
          const failure = describeStartFailure(error, { stack: false });
          return failure.exitCode === 2
            ? new UsageError({ message: failure.message })
            : new Failure({ message: failure.message });
        },
      });
    }),
  ).pipe(
    Command.withDescription(
      "Run the lab server and its boards (what npm start runs; MEDI_TEST_ADMIN_TOKEN sets the admin token)",
    ),
  );
};
