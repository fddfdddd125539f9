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
    /** stdout's size when it is a terminal (`watch` redraws in place only then); absent otherwise. */
    readonly terminal?: { readonly columns: number; readonly rows: number };
    /** Calls `handler` on Ctrl-C (SIGINT) instead of ending the process; returns what stops listening. */
    readonly onInterrupt?: (handler: () => void) => () => void;
    /**
     * One line from stdin (a prompt on stderr first when stdin is a terminal): secrets that should
     * not sit in the process list or the shell's history. Absent where there is no stdin.
     */
    readonly readLine?: (prompt: string) => Promise<string>;
  }
>()("medi-test/CliIo") {}
