import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";

/** A loopback port nobody listens on right now. */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
};

/**
 * A redis-server of the test's own on a free loopback port, keeping nothing on disk, that the test
 * can stop and start again on the same port (an outage). `stop` ends the process; always call it.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly start: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

const binary = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

const launch = async (port: number): Promise<ChildProcess> => {
  const child = spawn(
    binary,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`redis-server exited (${code}) before it was ready: ${output}`)));
    child.once("error", reject);
  });
  const timeout = setTimeout(() => child.kill("SIGKILL"), 10_000);
  try {
    await ready;
  } finally {
    clearTimeout(timeout);
  }
  return child;
};

const end = async (child: ChildProcess): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
};

export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port);
  // Never outlive the test process, whatever happens to it.
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    start: async () => {
      if (child === undefined) child = await launch(port);
    },
    stop: async () => {
      const running = child;
      child = undefined;
      if (running !== undefined) await end(running);
    },
  };
};
