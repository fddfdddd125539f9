import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

/** The `medi-test` command as a user runs it: its own Node process, from its source entry. */
export const cliEntry = resolve(import.meta.dirname, "../../cli/main.ts");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The parent's environment without any MEDI_TEST_* setting, plus `env`. */
export const cliEnv = (env: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => {
  const clean: NodeJS.ProcessEnv = { NO_COLOR: "1" };
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("MEDI_TEST_")) clean[key] = value;
  return { ...clean, ...env };
};

export const spawnCli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  stdin: "ignore" | "pipe" = "ignore",
): ChildProcess => spawn(process.execPath, [cliEntry, ...args], { env: cliEnv(env), stdio: [stdin, "pipe", "pipe"] });

/** Runs the command to its end (at most `timeoutMs`), collecting its output. */
export const runCliProcess = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  timeoutMs = 30_000,
  /** Written to the command's stdin, which is then closed; without it stdin is closed from the start. */
  input?: string,
): Promise<CliResult> =>
  new Promise((done, fail) => {
    const child = spawnCli(args, env, input === undefined ? "ignore" : "pipe");
    if (input !== undefined) child.stdin?.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`medi-test ${args.join(" ")} did not end within ${timeoutMs} ms: ${stdout}${stderr}`));
    }, timeoutMs);
    // "close" comes after the exit and after the pipes have delivered everything.
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });

/** One line on stderr, and no stack trace in it. */
export const isOneLine = (text: string): boolean => {
  const lines = text.trimEnd().split("\n");
  return lines.length === 1 && lines[0] !== "" && !/\n\s+at |\bat .*\.(ts|js):\d+/.test(text);
};
