/**
 * One `<testcase>` of a JUnit XML file as the reader keeps it: the attributes and child
 * elements that decide its result, every text already cut to a bounded length.
 */

/** `failure`/`error` fail a case; Surefire's `rerun*` are its failed reruns, `flaky*` failed tries before a pass. */
export type JunitProblemKind = "failure" | "error" | "rerunFailure" | "rerunError" | "flakyFailure" | "flakyError";

export interface JunitProblem {
  readonly kind: JunitProblemKind;
  readonly message: string | undefined;
  readonly type: string | undefined;
  /** The element's text (a stack trace, an assertion diff), cut to the reader's bound. */
  readonly text: string;
}

export interface JunitCase {
  /** Where the case starts in the file, for error messages. */
  readonly line: number;
  readonly name: string | undefined;
  readonly classname: string | undefined;
  /** Names of the enclosing `<testsuite>` elements, outermost first. */
  readonly suites: ReadonlyArray<string>;
  /** The `time` attribute as written (seconds). */
  readonly time: string | undefined;
  readonly problems: ReadonlyArray<JunitProblem>;
  /** `<skipped>`: its message (or text), "" when it has none; undefined when not skipped. */
  readonly skipped: string | undefined;
  readonly systemOut: string;
  readonly systemErr: string;
}
