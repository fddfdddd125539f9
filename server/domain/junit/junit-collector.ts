import type { JunitCase, JunitProblem, JunitProblemKind } from "./junit-case.ts";

/**
 * Turns the element events of a JUnit XML file (from any streaming parser) into its test cases,
 * keeping only what decides a result, each text cut to `maxText` characters and at most
 * `maxCases` cases: what it holds is bounded whatever the size of the file.
 */

export interface JunitLimits {
  readonly maxCases: number;
  /** Characters kept of each failure text, system-out and system-err. */
  readonly maxText: number;
  /**
   * A copy of a kept text that shares no memory with the parser's input. A JS engine may keep a
   * short piece of a long string as a view into it (V8 does from 13 characters), so a name kept
   * as is could hold a whole 64 KB chunk of the file, and 10,000 of them the whole file.
   */
  readonly detach?: (text: string) => string;
}

export type JunitShapeProblem =
  | { readonly _tag: "NotJunit"; readonly root: string }
  | { readonly _tag: "TooManyCases"; readonly max: number; readonly line: number };

export interface JunitCollector {
  readonly open: (name: string, attributes: Readonly<Record<string, string>>, line: number) => void;
  readonly text: (text: string) => void;
  readonly close: (name: string) => void;
  /** True while inside an element whose text is kept: a parser may skip buffering text elsewhere. */
  readonly wantsText: () => boolean;
  /** The first problem with the file's shape; the caller stops feeding events once there is one. */
  readonly problem: () => JunitShapeProblem | undefined;
  readonly cases: () => ReadonlyArray<JunitCase>;
}

const problemKinds: ReadonlySet<string> = new Set<JunitProblemKind>([
  "failure",
  "error",
  "rerunFailure",
  "rerunError",
  "flakyFailure",
  "flakyError",
]);
const isProblemKind = (name: string): name is JunitProblemKind => problemKinds.has(name);

/** A text that keeps its first `max` characters and drops the rest. */
interface Capture {
  value: string;
  readonly max: number;
}
const append = (capture: Capture, text: string): void => {
  const room = capture.max - capture.value.length;
  if (room > 0) capture.value += text.length <= room ? text : text.slice(0, room);
};

interface OpenCase {
  readonly line: number;
  readonly name: string | undefined;
  readonly classname: string | undefined;
  readonly suites: ReadonlyArray<string>;
  readonly time: string | undefined;
  readonly depth: number;
  readonly problems: JunitProblem[];
  skipped: Capture | undefined;
  skipMessage: string | undefined;
  readonly systemOut: Capture;
  readonly systemErr: Capture;
}

interface OpenProblem {
  readonly kind: JunitProblemKind;
  readonly message: string | undefined;
  readonly type: string | undefined;
  readonly text: Capture;
}

/** Where the text of the element being read goes, if anywhere. */
type Target = Capture | undefined;

export const makeJunitCollector = (limits: JunitLimits): JunitCollector => {
  const detach = limits.detach ?? ((text: string) => text);
  const kept = (text: string | undefined): string | undefined => (text === undefined ? undefined : detach(text));
  const cases: JunitCase[] = [];
  const suites: string[] = [];
  const targets: Target[] = [];
  let depth = 0;
  let current: OpenCase | undefined;
  let problem: OpenProblem | undefined;
  let failure: JunitShapeProblem | undefined;

  const targetFor = (name: string, attributes: Readonly<Record<string, string>>, line: number): Target => {
    if (depth === 1) {
      if (name !== "testsuites" && name !== "testsuite") failure = { _tag: "NotJunit", root: name };
    }
    if (current === undefined) {
      if (name === "testsuite") suites.push(detach(attributes.name ?? ""));
      if (name !== "testcase") return undefined;
      if (cases.length >= limits.maxCases) {
        failure = { _tag: "TooManyCases", max: limits.maxCases, line };
        return undefined;
      }
      current = {
        line,
        name: kept(attributes.name),
        classname: kept(attributes.classname),
        suites: [...suites],
        time: kept(attributes.time),
        depth,
        problems: [],
        skipped: undefined,
        skipMessage: undefined,
        systemOut: { value: "", max: limits.maxText },
        systemErr: { value: "", max: limits.maxText },
      };
      return undefined;
    }
    if (depth === current.depth + 1) {
      if (isProblemKind(name)) {
        problem = {
          kind: name,
          message: kept(attributes.message),
          type: kept(attributes.type),
          text: { value: "", max: limits.maxText },
        };
        return problem.text;
      }
      if (name === "skipped") {
        current.skipMessage = kept(attributes.message);
        current.skipped = { value: "", max: limits.maxText };
        return current.skipped;
      }
      if (name === "system-out") return current.systemOut;
      if (name === "system-err") return current.systemErr;
      return undefined;
    }
    // Surefire nests <stackTrace> in its flaky and rerun elements: part of the problem's text.
    if (problem !== undefined && depth === current.depth + 2 && name === "stackTrace") return problem.text;
    return undefined;
  };

  const finishCase = (open: OpenCase): void => {
    const skipped = open.skipped === undefined ? undefined : (open.skipMessage ?? detach(open.skipped.value));
    cases.push({
      line: open.line,
      name: open.name,
      classname: open.classname,
      suites: open.suites,
      time: open.time,
      problems: open.problems,
      skipped,
      systemOut: detach(open.systemOut.value),
      systemErr: detach(open.systemErr.value),
    });
  };

  return {
    open: (name, attributes, line) => {
      depth += 1;
      targets.push(targetFor(name, attributes, line));
    },
    text: (text) => {
      const target = targets[targets.length - 1];
      if (target !== undefined) append(target, text);
    },
    close: (name) => {
      targets.pop();
      if (current !== undefined) {
        if (depth === current.depth) {
          finishCase(current);
          current = undefined;
        } else if (depth === current.depth + 1 && problem !== undefined && isProblemKind(name)) {
          current.problems.push({
            kind: problem.kind,
            message: problem.message,
            type: problem.type,
            text: detach(problem.text.value),
          });
          problem = undefined;
        }
      } else if (name === "testsuite") {
        suites.pop();
      }
      depth -= 1;
    },
    wantsText: () => targets[targets.length - 1] !== undefined,
    problem: () => failure,
    cases: () => cases,
  };
};
