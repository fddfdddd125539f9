import { readdirSync, readFileSync } from "node:fs";

/** Readings from /proc: what one server process costs in CPU and memory. */
const clockTicks = 100;
const pageBytes = 4096;

const statFields = (pid: number): string[] =>
  readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];

/**
 * CPU seconds the process has used so far: the sum of its threads' run time from schedstat
 * (nanoseconds; /proc/<pid>/stat counts in 10 ms ticks, too coarse for nginx's small figures).
 * Falls back to stat's user + system ticks where schedstat is missing.
 */
export const cpuSecondsOf = (pid: number): number => {
  try {
    let nanos = 0;
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanos += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended between listing and reading.
      }
    }
    if (nanos > 0) return nanos / 1e9;
  } catch {
    // No schedstat: use the tick counts.
  }
  const fields = statFields(pid);
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
};

/** Resident set size in bytes. */
export const rssBytesOf = (pid: number): number => Number(statFields(pid)[21]) * pageBytes;

/** Proportional set size in bytes (shared pages split between the processes that map them). */
export const pssBytesOf = (pid: number): number => {
  const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) * 1024;
};

/** Kernel memory held by TCP sockets, machine-wide (both ends of loopback connections count). */
export const tcpSocketBytes = (): number => {
  const match = /^TCP: .* mem (\d+)/m.exec(readFileSync("/proc/net/sockstat", "utf8"));
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) * pageBytes;
};

/** Direct children of a process (nginx's master → its worker). */
export const childPidsOf = (pid: number): number[] => {
  const pids: number[] = [];
  try {
    for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/)) {
      if (task !== "") pids.push(Number(task));
    }
  } catch {
    // Gone already.
  }
  return pids;
};
