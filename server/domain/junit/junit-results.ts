import { Hash, Result } from "effect";
import { normalizeSection } from "../section.ts";
import type { ItemStatus } from "../test-item.ts";
import type { JunitCase, JunitProblem } from "./junit-case.ts";

/**
 * What a JUnit test case means for the run: the item it is (key `classname.name`), its result,
 * its duration and a short note. Pure; the reader has already bounded every text.
 */

export interface JunitResult {
  readonly key: string;
  readonly title: string;
  readonly section: string;
  readonly status: Extract<ItemStatus, "passed" | "failed" | "skipped">;
  readonly durationMs: number | null;
  readonly note: string | null;
  /** Passed only after failed tries (Surefire's flakyFailure, or a rerun written as another test case). */
  readonly flaky: boolean;
}

export interface JunitCaseInvalid {
  readonly _tag: "JunitCaseInvalid";
  readonly line: number;
  readonly message: string;
}

const maxKey = 500;
const maxTitle = 500;
const maxSection = 300;
export const maxNote = 2_000;
const maxOutput = 400;
const maxProblemText = 800;
const maxDurationMs = 31 * 24 * 3_600_000;

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A key of at most 500 characters: a longer one keeps its start and a hash of the whole, so two stay apart. */
const boundedKey = (key: string): string => {
  if (key.length <= maxKey) return key;
  const hash = (Hash.string(key) >>> 0).toString(16).padStart(8, "0");
  return `${key.slice(0, maxKey - 10).trimEnd()}#${hash}`;
};

/** `time` in seconds as runners write it ("0.012", "12", "1,234.5" from Surefire in some locales). */
export const durationOf = (time: string | undefined): number | null => {
  if (time === undefined) return null;
  const trimmed = time.trim();
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed) ? trimmed.replaceAll(",", "") : trimmed;
  if (!/^\d+(\.\d+)?([eE][-+]?\d+)?$/.test(plain)) return null;
  const ms = Math.round(Number(plain) * 1_000);
  return Number.isFinite(ms) && ms <= maxDurationMs ? ms : null;
};

/** The item key: `classname.name`, or the name alone when there is no classname or it repeats the name (jest-junit). */
export const keyOf = (classname: string, name: string): string =>
  boundedKey(classname === "" || classname === name ? name : `${classname}.${name}`);

const headline = (problem: JunitProblem): string => {
  const message = (problem.message ?? "").trim();
  const type = (problem.type ?? "").trim();
  if (message !== "" && type !== "" && !message.startsWith(type)) return `${type}: ${message}`;
  return message !== "" ? message : type;
};

const problemLines = (problem: JunitProblem): string[] => {
  const head = headline(problem);
  const text = problem.text.trim();
  // Many runners repeat the message as the first line of the text.
  const body = head !== "" && text.startsWith(head) ? text.slice(head.length).trim() : text;
  return [head, cut(body, maxProblemText)].filter((line) => line !== "");
};

const outputLines = (junitCase: JunitCase): string[] => {
  const out = junitCase.systemOut.trim();
  const err = junitCase.systemErr.trim();
  return [
    ...(out === "" ? [] : [`system-out: ${cut(out, maxOutput)}`]),
    ...(err === "" ? [] : [`system-err: ${cut(err, maxOutput)}`]),
  ];
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

interface Outcome {
  readonly status: JunitResult["status"];
  readonly lines: ReadonlyArray<string>;
  readonly flaky: boolean;
}

/** One test case's own outcome: failure/error → failed, skipped → skipped, otherwise passed. */
const outcomeOf = (junitCase: JunitCase): Outcome => {
  const failures = junitCase.problems.filter((p) => p.kind === "failure" || p.kind === "error");
  const reruns = junitCase.problems.filter((p) => p.kind === "rerunFailure" || p.kind === "rerunError");
  const flakes = junitCase.problems.filter((p) => p.kind === "flakyFailure" || p.kind === "flakyError");
  const first = failures[0];
  if (first !== undefined) {
    return {
      status: "failed",
      flaky: false,
      lines: [
        ...problemLines(first),
        ...(failures.length > 1 ? [`(+${failures.length - 1} more)`] : []),
        ...(reruns.length > 0 ? [`Failed again in ${plural(reruns.length, "rerun")}.`] : []),
      ],
    };
  }
  if (junitCase.skipped !== undefined) {
    const reason = junitCase.skipped.trim();
    return { status: "skipped", flaky: false, lines: reason === "" ? [] : [`Skipped: ${reason}`] };
  }
  const flake = flakes[0];
  if (flake !== undefined) {
    const head = headline(flake);
    return {
      status: "passed",
      flaky: true,
      lines: [
        `Flaky: passed after ${plural(flakes.length, "failed try", "failed tries")}${head === "" ? "." : ` (first: ${head})`}`,
      ],
    };
  }
  return { status: "passed", flaky: false, lines: [] };
};

const noteOf = (lines: ReadonlyArray<string>): string | null => {
  const text = lines.join("\n").trim();
  return text === "" ? null : cut(text, maxNote);
};

interface Keyed {
  readonly key: string;
  readonly title: string;
  readonly section: string;
  readonly attempts: JunitCase[];
}

const identify = (junitCase: JunitCase): Result.Result<Omit<Keyed, "attempts">, JunitCaseInvalid> => {
  const name = (junitCase.name ?? "").trim();
  if (name === "") {
    return Result.fail({ _tag: "JunitCaseInvalid", line: junitCase.line, message: "a <testcase> has no name" });
  }
  const suite = (junitCase.suites[junitCase.suites.length - 1] ?? "").trim();
  const classname = (junitCase.classname ?? "").trim() || suite;
  const section = classname !== "" && classname !== name ? classname : suite;
  return Result.succeed({
    key: keyOf(classname, name),
    title: cut(name, maxTitle),
    section: cut(normalizeSection(section), maxSection).trim(),
  });
};

/**
 * Every test case as one result per item, in file order. A key seen more than once is a rerun
 * (pytest-rerunfailures 16.6.1+, gotestsum --rerun-fails write each try as a test case): its last
 * try is its result, and a pass after earlier tries is flaky.
 */
export const junitResults = (
  cases: ReadonlyArray<JunitCase>,
): Result.Result<ReadonlyArray<JunitResult>, JunitCaseInvalid> => {
  const byKey = new Map<string, Keyed>();
  for (const junitCase of cases) {
    const identified = identify(junitCase);
    if (Result.isFailure(identified)) return Result.fail(identified.failure);
    const known = byKey.get(identified.success.key);
    if (known === undefined) byKey.set(identified.success.key, { ...identified.success, attempts: [junitCase] });
    else known.attempts.push(junitCase);
  }
  return Result.succeed(
    [...byKey.values()].map((keyed): JunitResult => {
      const last = keyed.attempts[keyed.attempts.length - 1] as JunitCase;
      const outcome = outcomeOf(last);
      // A rerun's earlier tries may be written without their failure (pytest-rerunfailures):
      // a test tried again had failed, whatever its record says.
      const tries = keyed.attempts.length;
      const rerunLines =
        tries === 1
          ? []
          : outcome.status === "passed"
            ? [`Flaky: passed on try ${tries} after ${plural(tries - 1, "failed try", "failed tries")}.`]
            : [`Tried ${tries} times.`];
      return {
        key: keyed.key,
        title: keyed.title,
        section: keyed.section,
        status: outcome.status,
        durationMs: durationOf(last.time),
        note: noteOf([...outcome.lines, ...rerunLines, ...outputLines(last)]),
        flaky: outcome.flaky || (tries > 1 && outcome.status === "passed"),
      };
    }),
  );
};

export interface JunitTally {
  readonly cases: number;
  readonly results: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly flaky: number;
}

export const tallyOf = (cases: number, results: ReadonlyArray<JunitResult>): JunitTally => ({
  cases,
  results: results.length,
  passed: results.filter((r) => r.status === "passed").length,
  failed: results.filter((r) => r.status === "failed").length,
  skipped: results.filter((r) => r.status === "skipped").length,
  flaky: results.filter((r) => r.flaky).length,
});
