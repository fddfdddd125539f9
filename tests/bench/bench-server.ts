import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** A lab server in its own process (as `npm start` runs it), so its CPU is measured apart. */
export interface BenchServer {
  readonly url: string;
  readonly adminToken: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** CPU seconds (user + system) the server process has used so far. */
  readonly cpuSeconds: () => number;
  /** Resident set size in bytes. */
  readonly rssBytes: () => number;
  readonly stop: () => Promise<void>;
}

const clockTicks = 100;

/** Benchmarks measure what `npm start` runs: the bundled server. */
export const ensureServerBuild = (): void => {
  execFileSync(process.execPath, [resolve("scripts/ensure-build.ts")], { stdio: "inherit" });
};

export const startBenchServer = async (flags: ReadonlyArray<string> = []): Promise<BenchServer> => {
  const dataDir = mkdtempSync(join(tmpdir(), "medi-bench-"));
  const child = spawn(
    process.execPath,
    [resolve("out/server/main.js"), "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir, "--log-level", "warn", "--write-rate-limit", "0", "--max-streams-per-ip", "1000000", "--max-streams", "1000000", ...flags],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (match !== null) resolveUrl(match[0]);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited early (${code})`)));
  });
  const pid = child.pid ?? 0;
  const stat = () => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return {
    url,
    pid,
    child,
    adminToken: readFileSync(join(dataDir, "admin-token"), "utf8").trim(),
    cpuSeconds: () => {
      const fields = stat();
      return (Number(fields[11]) + Number(fields[12])) / clockTicks;
    },
    rssBytes: () => Number(stat()[21]) * 4096,
    stop: async () => {
      const exited = new Promise<void>((done) => child.once("exit", () => done()));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
