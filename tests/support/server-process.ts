import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The headless server as its own process, for tests that kill it. */
export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  readonly child: ChildProcess;
  readonly output: () => string;
  /** SIGKILL: no shutdown code runs, like a power cut for the process. */
  readonly kill9: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

export const spawnServer = async (
  dataDir: string,
  port = 0,
  extraArgs: ReadonlyArray<string> = [],
  /** Flags for node itself, e.g. a heap cap. */
  nodeArgs: ReadonlyArray<string> = [],
): Promise<ServerProcess> => {
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      resolve("server/main.ts"),
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--data-dir",
      dataDir,
      "--log-level",
      "warn",
      "--write-rate-limit",
      "0",
      ...extraArgs,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolveUrl(match[0]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (${code}): ${output}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    adminToken: readFileSync(join(dataDir, "admin-token"), "utf8").trim(),
    child,
    output: () => output,
    kill9: async () => {
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
};
