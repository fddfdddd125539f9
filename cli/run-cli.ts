import { Effect, Exit } from "effect";
import { CliConfig, CliError, Command, GlobalFlag } from "effect/cli";
import { serverVersion } from "../server/version.ts";
import { cliEnvironment, type CliSettings } from "./cli-environment.ts";
import { CliIo } from "./cli-io.ts";
import {
  type CliFailure,
  describeFailure,
  ExitCode,
  exitCodeOf,
  Failure,
  oneLine,
  ServerError,
  Unreachable,
  UsageError,
} from "./errors.ts";
import { rootCommand } from "./root-command.ts";

const isCliFailure = (error: unknown): error is CliFailure =>
  error instanceof UsageError ||
  error instanceof Unreachable ||
  error instanceof ServerError ||
  error instanceof Failure;

/**
 * Parses `argv`, runs the command, and returns the exit code. Every failure has been written
 * to `io.err` as one line by then; nothing throws and no stack trace is printed.
 */
export const runCli = async (settings: CliSettings, io: CliIo["Service"]): Promise<ExitCode> => {
  const program = Command.runWith(rootCommand(), { version: serverVersion })(settings.argv).pipe(
    Effect.provide(cliEnvironment(settings)),
    Effect.provide(CliConfig.layer({ builtIns: [GlobalFlag.Help, GlobalFlag.Version] })),
    Effect.provideService(CliIo, io),
  );
  const exit = await Effect.runPromiseExit(program);
  if (Exit.isSuccess(exit)) return ExitCode.ok;
  const failed = exit.cause.reasons.find((reason) => reason._tag === "Fail");
  if (failed !== undefined) {
    const error: unknown = failed.error;
    if (isCliFailure(error)) {
      io.err(`medi-test: ${describeFailure(error)}\n`);
      return exitCodeOf(error);
    }
    // The parser's errors: ShowHelp has been presented already (help, or its one line).
    if (CliError.isCliError(error)) {
      if (error._tag !== "ShowHelp") io.err(`medi-test: ${oneLine(error.message)}\n`);
      return ExitCode.usage;
    }
  }
  const died = exit.cause.reasons.find((reason) => reason._tag === "Die");
  const detail = died?._tag === "Die" && died.defect instanceof Error ? died.defect.message : "interrupted";
  io.err(`medi-test: unexpected error: ${oneLine(detail)}\n`);
  return ExitCode.failure;
};
