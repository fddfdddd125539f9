import { join } from "node:path";
import { ensurePinnedLoadGenerator, pinningLine } from "./bench-env.ts";
import { ensureServerBuild } from "./bench-server.ts";
import { cpuProfDirVariable, cpuProfRootOf, profileReport } from "./cpu-profile.ts";
import { appendReport, commandLine } from "./report.ts";
import { median } from "./stats.ts";

export interface ScenarioOptions {
  /** Short windows and one run each: for developing, not for quoting. */
  readonly quick: boolean;
  /** Runs per configuration whose medians are reported (3 unless quick). */
  readonly repeats: number;
}

/** One benchmark scenario: runs, and returns the markdown appended to BENCHMARKS.md. */
export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly run: (options: ScenarioOptions) => Promise<string>;
}

export const medianOf = <T>(results: ReadonlyArray<T>, pick: (r: T) => number): number => median(results.map(pick));

export const repeat = async <T>(times: number, once: (attempt: number) => Promise<T>): Promise<T[]> => {
  const results: T[] = [];
  for (let i = 0; i < times; i++) results.push(await once(i));
  return results;
};

export const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

/**
 * Runs the scenarios named on the command line (all when none is named), each appended to
 * BENCHMARKS.md with the date, machine, Node version and the exact command.
 * Flags: --quick (short, one run), --repeats N, --no-report (print only), --cpu-prof (each
 * server process runs with Node's --cpu-prof; its profiles go to a folder per scenario under a
 * new temp folder, or under --cpu-prof-dir <dir>, and the top functions by self time are printed).
 */
export const runScenarioCli = async (all: ReadonlyArray<Scenario>): Promise<void> => {
  ensurePinnedLoadGenerator();
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const repeatsAt = args.indexOf("--repeats");
  const repeats = repeatsAt === -1 ? (quick ? 1 : 3) : Number(args[repeatsAt + 1]);
  const valued = new Set(["--repeats", "--cpu-prof-dir"]);
  const named = args.filter((a, i) => !a.startsWith("--") && !valued.has(args[i - 1] ?? ""));
  const unknown = named.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
  const chosen = named.length === 0 ? all : all.filter((s) => named.includes(s.name));
  ensureServerBuild();
  const profiles = cpuProfRootOf(args);
  for (const scenario of chosen) {
    log(`${scenario.name}: ${scenario.title}`);
    const profileDir = profiles === undefined ? undefined : join(profiles, scenario.name);
    // Read by startBenchServer: every server this scenario starts writes its profile there on exit.
    if (profileDir !== undefined) process.env[cpuProfDirVariable] = profileDir;
    const body = await scenario.run({ quick, repeats });
    if (profileDir !== undefined) {
      delete process.env[cpuProfDirVariable];
      process.stderr.write(`\n${scenario.name}: ${profileReport(profileDir)}\n\n`);
    }
    const text = [
      body,
      "",
      `${quick ? "Quick run (one short run each; not for quoting)." : `Medians of ${repeats} runs.`} ${pinningLine()}`,
    ].join("\n");
    if (args.includes("--no-report")) process.stdout.write(`\n## ${scenario.title}\n\n${text}\n`);
    else appendReport("BENCHMARKS.md", scenario.title, commandLine(), text);
  }
};
