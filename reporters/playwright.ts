import { relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from "@playwright/test/reporter";
import { type LiveResult, type LiveSender, type ReporterOptions, reporterSender } from "./live-sender.ts";

/**
 * A Playwright Test reporter that records each test on a medi-test run as it finishes (its last
 * attempt: a test that passes on a retry is recorded as passed, with a "flaky" note). Add it
 * beside your usual reporter:
 *
 *   reporter: [["list"], ["medi-test/reporters/playwright"]]
 *
 * with MEDI_TEST_URL, MEDI_TEST_TOKEN and MEDI_TEST_RUN or MEDI_TEST_RUN_NAME set (or the same
 * as options: url, token, run, runName). It never fails the test run.
 */

export type { ReporterOptions as MediTestPlaywrightOptions };

const shortNote = (text: string | undefined): string | null => {
  if (text === undefined || text.trim() === "") return null;
  // Playwright's messages carry terminal colours.
  const line = (stripVTControlCharacters(text).trim().split("\n")[0] ?? "").trim();
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
};

/** The item a Playwright test becomes, or null while more attempts will follow. */
export const playwrightResultOf = (test: TestCase, result: TestResult, root: string): LiveResult | null => {
  const failed = result.status === "failed" || result.status === "timedOut" || result.status === "interrupted";
  if (failed && result.retry < test.retries) return null;
  const file = relative(root, test.location.file).split("\\").join("/");
  // titlePath: root "", project, file, describe…, test.
  const path = test.titlePath().filter((title) => title !== "");
  const project = test.parent.project()?.name ?? "";
  const suites = path.slice(project === "" ? 1 : 2, -1);
  const status = result.status === "passed" ? "passed" : result.status === "skipped" ? "skipped" : "failed";
  const flaky = status === "passed" && result.retry > 0;
  return {
    key: `${project === "" ? "" : `${project}:`}${file}::${path.slice(project === "" ? 1 : 2).join(" > ")}`,
    title: test.title.slice(0, 500),
    section: [project, file, ...suites]
      .filter((part) => part !== "")
      .join("/")
      .slice(0, 300),
    status,
    durationMs: Math.max(0, Math.round(result.duration)),
    note: flaky ? `flaky: passed on retry ${result.retry}` : failed ? shortNote(result.errors[0]?.message) : null,
  };
};

export default class MediTestPlaywrightReporter implements Reporter {
  readonly #sender: LiveSender | null;
  #root = process.cwd();

  constructor(options: ReporterOptions = {}) {
    this.#sender = reporterSender(options);
  }

  onBegin(config: FullConfig, _suite: Suite): void {
    this.#root = config.rootDir;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (this.#sender === null) return;
    try {
      const live = playwrightResultOf(test, result, this.#root);
      if (live !== null) this.#sender.add(live);
    } catch {
      // A reporter never fails the run.
    }
  }

  async onEnd(): Promise<void> {
    await this.#sender?.close();
  }

  printsToStdio(): boolean {
    return false;
  }
}
