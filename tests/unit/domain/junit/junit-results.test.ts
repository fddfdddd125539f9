import { Result } from "effect";
import { describe, expect, it } from "vitest";
import type { JunitCase, JunitProblem } from "../../../../server/domain/junit/junit-case.ts";
import {
  durationOf,
  type JunitResult,
  junitResults,
  keyOf,
  maxNote,
  tallyOf,
} from "../../../../server/domain/junit/junit-results.ts";

const testCase = (overrides: Partial<JunitCase> = {}): JunitCase => ({
  line: 3,
  name: "works",
  classname: "auth.LoginTest",
  suites: ["auth"],
  time: "0.25",
  problems: [],
  skipped: undefined,
  systemOut: "",
  systemErr: "",
  ...overrides,
});

const problem = (kind: JunitProblem["kind"], message?: string, text = ""): JunitProblem => ({
  kind,
  message,
  type: "AssertionError",
  text,
});

const resultsOf = (cases: ReadonlyArray<JunitCase>): ReadonlyArray<JunitResult> => {
  const results = junitResults(cases);
  if (Result.isFailure(results)) throw new Error(results.failure.message);
  return results.success;
};

const only = (c: JunitCase): JunitResult => {
  const [result] = resultsOf([c]);
  if (result === undefined) throw new Error("no result");
  return result;
};

describe("keyOf", () => {
  it("joins classname and name as the bulk results route expects (classname.name)", () => {
    expect(keyOf("com.example.FooTest", "bar")).toBe("com.example.FooTest.bar");
  });
  it("uses the name alone without a classname or when the classname repeats it (jest-junit's default)", () => {
    expect(keyOf("", "bar")).toBe("bar");
    expect(keyOf("Login works", "Login works")).toBe("Login works");
  });
  it("keeps a long key within 500 characters and two long keys apart", () => {
    const a = keyOf("c".repeat(400), `${"n".repeat(300)}a`);
    const b = keyOf("c".repeat(400), `${"n".repeat(300)}b`);
    expect(a.length).toBeLessThanOrEqual(500);
    expect(b.length).toBeLessThanOrEqual(500);
    expect(a).not.toBe(b);
  });
});

describe("durationOf", () => {
  it.each([
    ["0.25", 250],
    ["12", 12_000],
    ["0.0004", 0],
    ["1,204.5", 1_204_500],
    ["1e-3", 1],
    [" 3.5 ", 3_500],
  ])("%j seconds is %j ms", (time, ms) => {
    expect(durationOf(time)).toBe(ms);
  });
  it.each([undefined, "", "-1", "abc", "1,5", "NaN", "99999999999"])("%j is no duration", (time) => {
    expect(durationOf(time)).toBeNull();
  });
});

describe("junitResults", () => {
  it("a case without failure, error or skipped passed, with its time as duration and no note", () => {
    expect(only(testCase())).toEqual({
      key: "auth.LoginTest.works",
      title: "works",
      section: "auth.LoginTest",
      status: "passed",
      durationMs: 250,
      note: null,
      flaky: false,
    });
  });

  it("failure and error fail it; the note leads with type and message, then the text", () => {
    const failed = only(testCase({ problems: [problem("failure", "expected 1 to be 2", "at x.test.ts:3")] }));
    expect(failed.status).toBe("failed");
    expect(failed.note).toBe("AssertionError: expected 1 to be 2\nat x.test.ts:3");
    expect(only(testCase({ problems: [problem("error", "boom")] })).status).toBe("failed");
  });

  it("does not repeat the message when the text starts with it", () => {
    const failed = only(
      testCase({ problems: [problem("failure", "no carrier", "AssertionError: no carrier\n  at Radio.java:3")] }),
    );
    expect(failed.note).toBe("AssertionError: no carrier\nat Radio.java:3");
  });

  it("skipped is skipped, with its reason", () => {
    expect(only(testCase({ skipped: "bench not wired" }))).toMatchObject({
      status: "skipped",
      note: "Skipped: bench not wired",
    });
    expect(only(testCase({ skipped: "" }))).toMatchObject({ status: "skipped", note: null });
  });

  it("a failure outweighs skipped", () => {
    expect(only(testCase({ skipped: "", problems: [problem("failure", "x")] })).status).toBe("failed");
  });

  it("Surefire's flakyFailure alone is a pass with a note; rerunFailure beside a failure stays failed", () => {
    const flaky = only(testCase({ problems: [problem("flakyFailure", "ping lost"), problem("flakyError", "x")] }));
    expect(flaky).toMatchObject({ status: "passed", flaky: true });
    expect(flaky.note).toBe("Flaky: passed after 2 failed tries (first: AssertionError: ping lost)");
    const failed = only(
      testCase({ problems: [problem("failure", "no carrier"), problem("rerunFailure", "no carrier")] }),
    );
    expect(failed).toMatchObject({ status: "failed", flaky: false });
    expect(failed.note).toContain("Failed again in 1 rerun.");
  });

  it("a test written once per try is one result: its last try, flaky when that passed", () => {
    const results = resultsOf([
      testCase({ name: "link", problems: [problem("failure", "lost")] }),
      testCase({ name: "other" }),
      testCase({ name: "link", time: "0.5" }),
      testCase({ name: "dead" }),
      testCase({ name: "dead", problems: [problem("failure", "lost")] }),
    ]);
    expect(results.map((r) => [r.title, r.status, r.flaky])).toEqual([
      ["link", "passed", true],
      ["other", "passed", false],
      ["dead", "failed", false],
    ]);
    expect(results[0]?.durationMs).toBe(500);
    expect(results[0]?.note).toBe("Flaky: passed on try 2 after 1 failed try.");
    expect(results[2]?.note).toContain("Tried 2 times.");
    expect(tallyOf(5, results)).toEqual({ cases: 5, results: 3, passed: 2, failed: 1, skipped: 0, flaky: 1 });
  });

  it("keeps system-out and system-err short in the note, and every note within its bound", () => {
    const result = only(
      testCase({
        problems: [problem("failure", "m".repeat(3_000), "t".repeat(3_000))],
        systemOut: "o".repeat(3_000),
        systemErr: "e".repeat(3_000),
      }),
    );
    expect(result.note?.length).toBeLessThanOrEqual(maxNote);
    const passed = only(testCase({ systemOut: `started\n${"x".repeat(1_000)}`, systemErr: "warn" }));
    expect(passed.note?.startsWith("system-out: started")).toBe(true);
    expect(passed.note).toContain("system-err: warn");
    expect(passed.note?.length).toBeLessThan(900);
  });

  it("without a classname the case belongs to its innermost suite", () => {
    expect(only(testCase({ classname: undefined, suites: ["all", "wall.spec.ts"] }))).toMatchObject({
      key: "wall.spec.ts.works",
      section: "wall.spec.ts",
    });
  });

  it("a path-like classname becomes a nested section, and the title is trimmed and bounded", () => {
    const result = only(testCase({ classname: "tests/unit/a.test.ts", name: `  ${"long ".repeat(200)} ` }));
    expect(result.section).toBe("tests/unit/a.test.ts");
    expect(result.title.length).toBeLessThanOrEqual(500);
    expect(result.title).toBe(result.title.trim());
  });

  it("refuses a case without a name, naming its line", () => {
    const results = junitResults([testCase(), testCase({ name: "  ", line: 17 })]);
    expect(Result.isFailure(results) && results.failure).toEqual({
      _tag: "JunitCaseInvalid",
      line: 17,
      message: "a <testcase> has no name",
    });
  });
});
