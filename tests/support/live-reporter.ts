import { spawn } from "node:child_process";
import type { TestStream } from "./lab-server.ts";

export interface Finished {
  readonly code: number | null;
  readonly stderr: string;
  readonly endedAt: number;
}

/** Runs a test runner's CLI in a child process with extra environment; resolves when it exits. */
export const runChild = (script: string, args: ReadonlyArray<string>, cwd: string, env: Record<string, string>) =>
  new Promise<Finished>((done) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd,
      env: { ...process.env, ...env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stdout.resume();
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => done({ code, stderr, endedAt: Date.now() }));
  });

/** Notes when each new (non-snapshot) event reached the stream; `stop` ends it and returns the times. */
export const trackArrivals = (stream: TestStream): { readonly stop: () => number[] } => {
  const arrivals: number[] = [];
  const seen = new Set<number>();
  const watch = setInterval(() => {
    for (const event of stream.events)
      if (event.type !== "snapshot" && !seen.has(event.seq)) {
        seen.add(event.seq);
        arrivals.push(Date.now());
      }
  }, 10);
  return {
    stop: () => {
      clearInterval(watch);
      stream.close();
      return arrivals;
    },
  };
};
