import { ensurePinnedLoadGenerator, pinningLine } from "./bench-env.ts";
import { ensureServerBuild } from "./bench-server.ts";
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
 * Flags: --quick (short, one run), --repeats N, --no-report (print only).
 */
export const runScenarioCli = async (all: ReadonlyArray<Scenario>): Promise<void> => {
  ensurePinnedLoadGenerator();
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const repeatsAt = args.indexOf("--repeats");
  const repeats = repeatsAt === -1 ? (quick ? 1 : 3) : Number(args[repeatsAt + 1]);
  const named = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--repeats");
  const unknown = named.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown scenario ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
  const chosen = named.length === 0 ? all : all.filter((s) => named.includes(s.name));
  ensureServerBuild();
  for (const scenario of chosen) {
    log(`${scenario.name}: ${scenario.title}`);
    const body = await scenario.run({ quick, repeats });
    const text = [
      body,
      "",
      `${quick ? "Quick run (one short run each; not for quoting)." : `Medians of ${repeats} runs.`} ${pinningLine()}`,
    ].join("\n");
    if (args.includes("--no-report")) process.stdout.write(`\n## ${scenario.title}\n\n${text}\n`);
    else appendReport("BENCHMARKS.md", scenario.title, commandLine(), text);
  }
};
