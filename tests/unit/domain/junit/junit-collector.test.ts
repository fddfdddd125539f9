import { describe, expect, it } from "vitest";
import { makeJunitCollector } from "../../../../server/domain/junit/junit-collector.ts";

const limits = { maxCases: 10, maxText: 20 };

describe("makeJunitCollector", () => {
  it("reads nested suites, a case's problems, skip, output and nothing else", () => {
    const c = makeJunitCollector(limits);
    c.open("testsuites", {}, 1);
    c.open("testsuite", { name: "outer" }, 2);
    c.open("properties", {}, 3);
    expect(c.wantsText()).toBe(false);
    c.close("properties");
    c.open("testsuite", { name: "inner" }, 4);
    c.open("testcase", { name: "a", classname: "k", time: "1.5" }, 5);
    c.open("failure", { message: "m", type: "T" }, 6);
    expect(c.wantsText()).toBe(true);
    c.text("stack ");
    c.text("trace");
    c.close("failure");
    c.open("system-out", {}, 7);
    c.text("out");
    c.close("system-out");
    c.close("testcase");
    c.close("testsuite");
    c.open("testcase", { name: "b" }, 9);
    c.open("skipped", { message: "later" }, 10);
    c.close("skipped");
    c.close("testcase");
    c.close("testsuite");
    c.close("testsuites");
    expect(c.problem()).toBeUndefined();
    expect(c.cases()).toEqual([
      {
        line: 5,
        name: "a",
        classname: "k",
        suites: ["outer", "inner"],
        time: "1.5",
        problems: [{ kind: "failure", message: "m", type: "T", text: "stack trace" }],
        skipped: undefined,
        systemOut: "out",
        systemErr: "",
      },
      {
        line: 9,
        name: "b",
        classname: undefined,
        suites: ["outer"],
        time: undefined,
        problems: [],
        skipped: "later",
        systemOut: "",
        systemErr: "",
      },
    ]);
  });

  it("takes Surefire's nested stackTrace as the problem's text and ignores its nested system-out", () => {
    const c = makeJunitCollector(limits);
    c.open("testsuite", { name: "s" }, 1);
    c.open("testcase", { name: "a" }, 2);
    c.open("flakyFailure", { message: "lost" }, 3);
    c.open("stackTrace", {}, 4);
    c.text("at X");
    c.close("stackTrace");
    c.open("system-out", {}, 5);
    c.text("try 1");
    c.close("system-out");
    c.close("flakyFailure");
    c.close("testcase");
    c.close("testsuite");
    expect(c.cases()[0]?.problems).toEqual([{ kind: "flakyFailure", message: "lost", type: undefined, text: "at X" }]);
    expect(c.cases()[0]?.systemOut).toBe("");
  });

  it("keeps at most maxText characters of any text", () => {
    const c = makeJunitCollector(limits);
    c.open("testsuite", {}, 1);
    c.open("testcase", { name: "a" }, 2);
    c.open("system-out", {}, 3);
    for (let i = 0; i < 100; i += 1) c.text("0123456789");
    c.close("system-out");
    c.close("testcase");
    expect(c.cases()[0]?.systemOut).toBe("01234567890123456789");
  });

  it("stops at maxCases with the line of the first case too many", () => {
    const c = makeJunitCollector({ maxCases: 2, maxText: 10 });
    c.open("testsuite", {}, 1);
    for (let i = 0; i < 3; i += 1) {
      c.open("testcase", { name: `t${i}` }, 2 + i);
      c.close("testcase");
    }
    expect(c.problem()).toEqual({ _tag: "TooManyCases", max: 2, line: 4 });
    expect(c.cases()).toHaveLength(2);
  });

  it("refuses a root that is not testsuites or testsuite", () => {
    const c = makeJunitCollector(limits);
    c.open("html", {}, 1);
    expect(c.problem()).toEqual({ _tag: "NotJunit", root: "html" });
  });
});
