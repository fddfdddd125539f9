import { Effect, FileSystem, Layer, Path, Sink, Stdio, Stream, Terminal } from "effect";
import { CliOutput } from "effect/cli";
import type { CliError } from "effect/cli";
import { ChildProcessSpawner } from "effect/process";
import { CliIo } from "./cli-io.ts";
import { oneLine } from "./errors.ts";

/**
 * What effect/cli needs to parse and print help, made from CliIo. The commands read files and
 * talk HTTP themselves: the file system and child processes the parser could use are refused.
 */

export interface CliSettings {
  readonly argv: ReadonlyArray<string>;
  readonly colors: boolean;
  /** Columns for help text (the terminal's width, or 80). */
  readonly columns: number;
}

/** One line for a bad invocation: the parser's first complaint and where help is. */
export const invalidInvocationLine = (
  commandPath: ReadonlyArray<string>,
  errors: ReadonlyArray<CliError.NonShowHelpErrors>,
): string => {
  const [problem = "invalid command line", suggestions = ""] = (errors[0]?.message ?? "").split(
    /\s*Did you mean this\?\s*/,
  );
  const hint = suggestions.trim() === "" ? "" : `; did you mean ${suggestions.trim().split(/\s+/).join(" or ")}?`;
  return `medi-test: ${oneLine(problem || "invalid command line")}${hint} (see ${commandPath.join(" ")} --help)`;
};

const presenter = (io: CliIo["Service"], colors: boolean): CliOutput.Presenter => {
  const formatter = CliOutput.defaultFormatter({ colors });
  return {
    present: (event) =>
      Effect.sync(() => {
        switch (event._tag) {
          case "Help":
            io.out(`${formatter.formatHelpDoc(event.helpDoc)}\n`);
            return;
          case "InvalidInvocation":
            io.err(`${invalidInvocationLine(event.commandPath, event.errors)}\n`);
            return;
          case "Version":
            io.out(`${event.version}\n`);
            return;
        }
      }),
  };
};

/** A sink writing each chunk with `write` (Stdio's stdout and stderr). */
const writeSink = (write: (text: string) => void) => {
  const eachChunk = Sink.forEach;
  const decoder = new TextDecoder();
  return eachChunk((chunk: string | Uint8Array) =>
    Effect.sync(() => write(typeof chunk === "string" ? chunk : decoder.decode(chunk))),
  );
};

const refuse = (what: string) => Effect.die(new Error(`medi-test: the command-line parser may not use ${what}`));

export const cliEnvironment = (settings: CliSettings) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const io = yield* CliIo;
      return Layer.mergeAll(
        FileSystem.layerNoop({}),
        Path.layer,
        Layer.succeed(
          Stdio.Stdio,
          Stdio.make({
            args: Effect.succeed(settings.argv),
            stdout: () => writeSink(io.out),
            stderr: () => writeSink(io.err),
            stdin: Stream.empty,
          }),
        ),
        Layer.succeed(
          Terminal.Terminal,
          Terminal.make({
            columns: Effect.succeed(settings.columns),
            rows: Effect.succeed(24),
            size: refuse("the terminal size stream"),
            readInput: refuse("the terminal's input"),
            readLine: refuse("the terminal's input"),
            display: (text) => Effect.sync(() => io.out(text)),
          }),
        ),
        Layer.succeed(
          ChildProcessSpawner.ChildProcessSpawner,
          ChildProcessSpawner.make(() => refuse("child processes")),
        ),
        CliOutput.layerPresenter(presenter(io, settings.colors)),
      );
    }),
  );
