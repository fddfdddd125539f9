import { Context } from "effect";

/** The process as commands see it: its environment and its two output streams. */
export class CliIo extends Context.Service<
  CliIo,
  {
    readonly env: Readonly<Record<string, string | undefined>>;
    /** Writes to stdout as it is (add the newline). */
    readonly out: (text: string) => void;
    /** Writes to stderr as it is (add the newline). */
    readonly err: (text: string) => void;
  }
>()("medi-test/CliIo") {}
