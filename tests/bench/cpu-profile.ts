import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

/** Where the bench servers write their profiles: set by `--cpu-prof`, read by bench-server.ts. */
export const cpuProfDirVariable = "MEDI_BENCH_CPU_PROF_DIR";

/** Node's flags for a server process when profiling is on (none otherwise). */
export const cpuProfFlags = (): string[] => {
  const dir = process.env[cpuProfDirVariable];
  return dir === undefined || dir === "" ? [] : ["--cpu-prof", `--cpu-prof-dir=${dir}`];
};

/**
 * `--cpu-prof` on the command line: the folder for the profiles (`--cpu-prof-dir <dir>`, or a new
 * temp folder), or undefined when profiling is off.
 */
export const cpuProfRootOf = (args: ReadonlyArray<string>): string | undefined => {
  if (!args.includes("--cpu-prof")) return undefined;
  const at = args.indexOf("--cpu-prof-dir");
  const dir = at === -1 ? undefined : args[at + 1];
  if (dir === undefined) return mkdtempSync(join(tmpdir(), "medi-bench-cpuprof-"));
  mkdirSync(dir, { recursive: true });
  return resolve(dir);
};

interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: ReadonlyArray<ProfileNode>;
  readonly samples?: ReadonlyArray<number>;
  readonly timeDeltas?: ReadonlyArray<number>;
}

export interface SelfTime {
  readonly name: string;
  readonly micros: number;
}

const shortUrl = (url: string): string => {
  if (url === "") return "";
  const path = url.replace(/^file:\/\//, "");
  const inModules = path.lastIndexOf("node_modules/");
  if (inModules !== -1) return path.slice(inModules + "node_modules/".length);
  return path.startsWith("/") ? relative(process.cwd(), path) : path;
};

const nameOf = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = shortUrl(url);
  return `${functionName === "" ? "(anonymous)" : functionName}${where === "" ? "" : ` ${where}:${lineNumber + 1}`}`;
};

/**
 * Self time per function over one or more profiles, most first: each sample's time (the delta to
 * the next sample, as Chrome's DevTools count it) goes to the function on top of the stack.
 */
export const selfTimes = (profiles: ReadonlyArray<CpuProfile>): SelfTime[] => {
  const totals = new Map<string, number>();
  for (const profile of profiles) {
    const names = new Map(profile.nodes.map((node) => [node.id, nameOf(node)]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      const name = names.get(samples[i] ?? -1) ?? "(unknown)";
      const micros = deltas[i + 1] ?? 0;
      totals.set(name, (totals.get(name) ?? 0) + micros);
    }
  }
  return [...totals].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
};

/** The .cpuprofile files in `dir`, oldest name first. */
export const profilesIn = (dir: string): string[] =>
  (existsSync(dir) ? readdirSync(dir) : [])
    .filter((file) => file.endsWith(".cpuprofile"))
    .sort()
    .map((file) => join(dir, file));

/** Where the profiles are, and the top `count` functions by self time (idle left out) as text. */
export const profileReport = (dir: string, count = 10): string => {
  const files = profilesIn(dir);
  if (files.length === 0) return `No CPU profiles were written in ${dir}.`;
  const times = selfTimes(files.map((file) => JSON.parse(readFileSync(file, "utf8")) as CpuProfile));
  const busy = times.filter((time) => time.name !== "(idle)");
  const total = busy.reduce((sum, time) => sum + time.micros, 0);
  const width = Math.max(...busy.slice(0, count).map((time) => time.name.length), 8);
  const lines = busy
    .slice(0, count)
    .map(
      (time) =>
        `  ${time.name.padEnd(width)}  ${(time.micros / 1_000).toFixed(1).padStart(9)} ms  ${((100 * time.micros) / total).toFixed(1).padStart(5)} %`,
    );
  return [
    `CPU profiles (${files.length}; open in Chrome DevTools → Performance, or VS Code):`,
    ...files.map((file) => `  ${file}`),
    `Top ${Math.min(count, busy.length)} by self time of ${(total / 1_000).toFixed(0)} ms busy (idle left out):`,
    ...lines,
  ].join("\n");
};
