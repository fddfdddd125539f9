import { createInterface } from "node:readline/promises";
import { runCli } from "./run-cli.ts";

/** The `medi-test` command's entry (bin/medi-test.js loads its build, out/server/cli.js). */
const colors = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== "dumb";

// A reader that went away (`medi-test watch --json | head -1`) ends the command quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") process.stderr.write(`medi-test: cannot write to stdout: ${error.message}\n`);
  process.exit(error.code === "EPIPE" ? 0 : 1);
});

runCli(
  { argv: process.argv.slice(2), colors, columns: process.stdout.columns ?? 80 },
  {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    // Read at each use: a terminal can be resized while `watch` runs.
    ...(process.stdout.isTTY === true
      ? {
          terminal: {
            get columns() {
              return process.stdout.columns || 80;
            },
            get rows() {
              return process.stdout.rows || 24;
            },
          },
        }
      : {}),
    readLine: async (prompt) => {
      const lines = createInterface({ input: process.stdin, terminal: false });
      try {
        if (process.stdin.isTTY === true) process.stderr.write(prompt);
        for await (const line of lines) return line;
        return "";
      } finally {
        lines.close();
      }
    },
    onInterrupt: (handler) => {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  },
).then(
  (code) => {
    // exitCode, not exit(): `serve` keeps running after its handler returns.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`medi-test: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
