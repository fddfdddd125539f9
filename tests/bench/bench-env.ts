import { spawnSync } from "node:child_process";
import { cpus } from "node:os";

/**
 * Where the processes of a benchmark run: the load generator (this process) on one core, the
 * server under test on another, so neither steals the other's CPU and "server CPU-seconds" is
 * the server's alone. On a one-core machine both share it (and the tables say so).
 */
export const loadCore = 0;
// cpus(), not availableParallelism(): the latter shrinks to the affinity mask once pinned.
export const serverCore = cpus().length > 1 ? 1 : 0;

/** The hard open-files limit (`ulimit -Hn`): the soft limit is raised to it. */
const hardOpenFiles = (): number => {
  const out = spawnSync("sh", ["-c", "ulimit -Hn"], { encoding: "utf8" }).stdout.trim();
  return out === "unlimited" ? 1_048_576 : Number(out) || 1_024;
};

const pinnedMark = "MEDI_BENCH_PINNED";

/** `taskset -c <core>` in front of a server command line, when taskset exists. */
export const pinnedCommand = (command: string, args: ReadonlyArray<string>): [string, string[]] =>
  hasTool("taskset") ? ["taskset", ["-c", String(serverCore), command, ...args]] : [command, [...args]];

const hasTool = (name: string): boolean =>
  spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;

/**
 * Re-runs this script pinned to the load core with room for 10k+ sockets (`prlimit`, `taskset`);
 * returns only in the pinned process. Without the tools it runs as it is and says so.
 */
export const ensurePinnedLoadGenerator = (): void => {
  if (process.env[pinnedMark] === "1") return;
  if (!hasTool("prlimit") || !hasTool("taskset")) {
    process.stderr.write("bench: prlimit/taskset not found; running unpinned with the current open-files limit\n");
    return;
  }
  const result = spawnSync(
    "prlimit",
    [
      `--nofile=${hardOpenFiles()}`,
      "taskset",
      "-c",
      String(loadCore),
      process.execPath,
      ...process.execArgv,
      ...process.argv.slice(1),
    ],
    { stdio: "inherit", env: { ...process.env, [pinnedMark]: "1" } },
  );
  process.exit(result.status ?? 1);
};

export const pinningLine = (): string =>
  (serverCore === loadCore
    ? "Server and load generator share the only core."
    : `Server pinned to core ${serverCore}, load generator to core ${loadCore} (taskset); other work on this shared machine still runs on both.`) +
  ` Open files: ${hardOpenFiles()} per process.`;
