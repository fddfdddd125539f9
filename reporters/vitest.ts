import { relative } from "node:path";
import type { Reporter, TestCase, TestModule } from "vitest/node";
import { type LiveResult, type LiveSender, type ReporterOptions, reporterSender } from "./live-sender.ts";

/**
 * A Vitest reporter that records each test on a medi-test run as it finishes, so a wall follows
 * a CI job live. Add it beside your usual reporter:
 *
 *   reporters: ["default", "medi-test/reporters/vitest"]
 *
 * and set MEDI_TEST_URL, MEDI_TEST_TOKEN (a tester token, e.g. "CI nightly") and MEDI_TEST_RUN
 * (a run id) or MEDI_TEST_RUN_NAME (a run is created). Options passed to the constructor win over
 * the environment. Without settings, or with the server away, it warns once and the test run goes
 * on unchanged: it never fails a test run.
 */

export type { ReporterOptions as MediTestReporterOptions };

/** Notes stay short: the first line of the first error, at most 500 characters. */
const shortNote = (text: string | undefined): string | null => {
  if (text === undefined || text.trim() === "") return null;
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
};

/** The item a Vitest test becomes: keyed by file and full name, sectioned by file and suites. */
export const liveResultOf = (testCase: TestCase, root: string): LiveResult | null => {
  const result = testCase.result();
  if (result.state === "pending") return null;
  const file = relative(root, testCase.module.moduleId).split("\\").join("/");
  const suites: string[] = [];
  for (let parent = testCase.parent; parent.type === "suite"; parent = parent.parent) suites.unshift(parent.name);
  const status = result.state === "passed" ? "passed" : result.state === "failed" ? "failed" : "skipped";
  const note =
    result.state === "failed"
      ? shortNote(result.errors[0]?.message)
      : result.state === "skipped"
        ? shortNote(result.note)
        : null;
  const duration = testCase.diagnostic()?.duration;
  return {
    key: `${file}::${testCase.fullName}`,
    title: testCase.name.slice(0, 500),
    section: [file, ...suites].join("/").slice(0, 300),
    status,
    durationMs: duration === undefined ? null : Math.max(0, Math.round(duration)),
    note,
  };
};

export default class MediTestReporter implements Reporter {
  readonly #sender: LiveSender | null;
  #root = process.cwd();

  constructor(options: ReporterOptions = {}) {
    this.#sender = reporterSender(options);
  }

  onInit(vitest: { readonly config: { readonly root: string } }): void {
    this.#root = vitest.config.root;
  }

  onTestCaseResult(testCase: TestCase): void {
    if (this.#sender === null) return;
    try {
      const result = liveResultOf(testCase, this.#root);
      if (result !== null) this.#sender.add(result);
    } catch {
      // A reporter never fails the run.
    }
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    await this.#sender?.close();
  }
}
