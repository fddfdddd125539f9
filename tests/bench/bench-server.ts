import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pinnedCommand } from "./bench-env.ts";
import { cpuProfFlags } from "./cpu-profile.ts";
import { cpuSecondsOf, pssBytesOf, rssBytesOf } from "./process-stats.ts";

/** A lab server in its own process (as `npm start` runs it), so its CPU is measured apart. */
export interface BenchServer {
  readonly url: string;
  readonly port: number;
  readonly adminToken: string;
  readonly dataDir: string;
  /** The current server process (a restart changes it). */
  readonly pid: number;
  /** CPU seconds (user + system) the server process has used so far. */
  readonly cpuSeconds: () => number;
  readonly rssBytes: () => number;
  readonly pssBytes: () => number;
  /** Ends the process with SIGTERM (a clean shutdown that ends every stream). */
  readonly kill: () => Promise<void>;
  /** Starts it again on the same port and data dir. */
  readonly restart: () => Promise<void>;
  /** Stops it and removes its data dir. */
  readonly stop: () => Promise<void>;
}

export interface BenchServerOptions {
  /** Extra command-line flags (they win over the defaults below). */
  readonly flags?: ReadonlyArray<string>;
  /** The server script; the `npm start` bundle unless a scenario brings its own. */
  readonly entry?: string;
  /** Extra Node options (e.g. --cpu-prof) for profiling runs. */
  readonly nodeOptions?: ReadonlyArray<string>;
  /**
   * The admin token, given to the server through MEDI_TEST_ADMIN_TOKEN (instances sharing one
   * PostgreSQL database need the same one); without it the server makes one in its data dir.
   */
  readonly adminToken?: string;
}

/** Benchmarks measure what `npm start` runs: the bundled server. */
export const ensureServerBuild = (): void => {
  execFileSync(process.execPath, [resolve("scripts/ensure-build.ts")], { stdio: "inherit" });
};

const bundle = () => resolve("out/server/main.js");

const launch = (
  args: ReadonlyArray<string>,
  adminToken: string | undefined,
): Promise<{ child: ChildProcess; url: string }> => {
  const [command, argv] = pinnedCommand(process.execPath, args);
  const env = adminToken === undefined ? process.env : { ...process.env, MEDI_TEST_ADMIN_TOKEN: adminToken };
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "inherit"], env });
  return new Promise((resolveStart, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`bench server did not start: ${out}`)), 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`bench server exited early (${code}): ${out}`));
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolveStart({ child, url: match[0] });
      }
    });
    child.once("exit", onExit);
  });
};

const isFlagList = (value: ReadonlyArray<string> | BenchServerOptions): value is ReadonlyArray<string> =>
  Array.isArray(value);

/** The process that runs Node: taskset execs it, so the child's pid is the server's. */
export const startBenchServer = async (
  flagsOrOptions: ReadonlyArray<string> | BenchServerOptions = {},
): Promise<BenchServer> => {
  const options: BenchServerOptions = isFlagList(flagsOrOptions) ? { flags: flagsOrOptions } : flagsOrOptions;
  const dataDir = mkdtempSync(join(tmpdir(), "medi-bench-"));
  const argsFor = (port: number) => [
    ...cpuProfFlags(),
    ...(options.nodeOptions ?? []),
    options.entry ?? bundle(),
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
    "--max-streams-per-ip",
    "1000000",
    "--max-streams",
    "1000000",
    "--backup-interval-minutes",
    "0",
    ...(options.flags ?? []),
  ];
  let current = await launch(argsFor(0), options.adminToken);
  const port = Number(new URL(current.url).port);
  const pid = () => current.child.pid ?? 0;
  const kill = async () => {
    const child = current.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    child.kill("SIGTERM");
    await exited;
  };
  return {
    url: current.url,
    port,
    dataDir,
    get pid() {
      return pid();
    },
    adminToken: options.adminToken ?? readFileSync(join(dataDir, "admin-token"), "utf8").trim(),
    cpuSeconds: () => cpuSecondsOf(pid()),
    rssBytes: () => rssBytesOf(pid()),
    pssBytes: () => pssBytesOf(pid()),
    kill,
    restart: async () => {
      await kill();
      current = await launch(argsFor(port), options.adminToken);
    },
    stop: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
