import { Readable } from "node:stream";
import { Result } from "effect";
import { describe, expect, it } from "vitest";
import { exportJunit, junitCounts, junitNames, xmlAttr, xmlText } from "../../../../cli/export/export-junit.ts";
import { junitResults, keyOf, tallyOf } from "../../../../server/domain/junit/junit-results.ts";
import type { TestItem } from "../../../../server/domain/test-item.ts";
import { readJunitBody } from "../../../../server/http/junit/junit-body.ts";
import { fixtureItems, fixtureModel, hostile, itemOf } from "./report-fixture.ts";

/** The server's own import path: the strict streaming reader, then the pure mapping. */
const importBack = async (xml: string) => {
  const cases = await readJunitBody(Readable.from([Buffer.from(xml, "utf8")]), {
    maxCases: 10_000,
    maxText: 1_000,
    maxBytes: 64 * 1024 * 1024,
  });
  const results = junitResults(cases);
  if (Result.isFailure(results)) throw new Error(results.failure.message);
  return { cases, results: results.success, tally: tallyOf(cases.length, results.success) };
};

const attr = (xml: string, element: string, name: string): string | undefined =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];

describe("JUnit export", () => {
  const model = fixtureModel();
  const xml = exportJunit(model);

  it("is well-formed XML the server's strict reader accepts, with one testsuite per section", async () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const { cases } = await importBack(xml);
    expect(cases).toHaveLength(fixtureItems.length);
    expect(new Set(cases.map((c) => c.suites.join("|")))).toEqual(new Set(["Login", "Radio/Handover", ""]));
    expect(xml.match(/<testsuite /g)).toHaveLength(3);
  });

  it("imports back through server/domain/junit with exactly the run's counts and keys", async () => {
    const { results, tally } = await importBack(xml);
    const c = model.run.counts;
    // passed stays passed; failed and blocked (an <error>) fail; skipped, retest and untested are skipped.
    expect(tally).toEqual({
      cases: c.total,
      results: c.total,
      passed: c.passed,
      failed: c.failed + c.blocked,
      skipped: c.skipped + c.retest + c.untested,
      flaky: 0,
    });
    // Every keyed item comes back under its own key; the keyless one under its title.
    expect(results.map((r) => r.key).sort()).toEqual(model.items.map((i) => i.key ?? i.title).sort());
    const byKey = new Map(results.map((r) => [r.key, r]));
    expect(byKey.get("suite.Login.case_2")).toMatchObject({ status: "failed", durationMs: 3_000 });
    expect(byKey.get("suite.Login.case_2")?.note).toContain(hostile);
    expect(byKey.get("NoDotKey")).toMatchObject({ status: "failed", section: "Login" });
    expect(byKey.get("suite.Login.case_4")?.note).toBe("Skipped: skipped: not on this build");
  });

  it("states the same counts in its testsuites attributes", () => {
    const c = model.run.counts;
    expect(attr(xml, "testsuites", "tests")).toBe(String(c.total));
    expect(attr(xml, "testsuites", "failures")).toBe(String(c.failed));
    expect(attr(xml, "testsuites", "errors")).toBe(String(c.blocked));
    expect(attr(xml, "testsuites", "skipped")).toBe(String(c.skipped + c.retest + c.untested));
    expect(junitCounts(model.items)).toEqual({ tests: 8, failures: 2, errors: 1, skipped: 3 });
    // time = the sum of durations, in seconds.
    const total = model.items.reduce((sum, i) => sum + (i.durationMs ?? 0), 0) / 1000;
    expect(Number(attr(xml, "testsuites", "time"))).toBeCloseTo(total);
  });

  it("makes classname and name that the import turns back into the key", () => {
    const cases: Array<Pick<TestItem, "key" | "title">> = [
      { key: "com.acme.LoginTest.validPassword", title: "t" },
      { key: "NoDot", title: "t" },
      { key: "ends.with.dot.", title: "t" },
      { key: ".leading", title: "t" },
      { key: "same.same", title: "t" },
      { key: "spaced . name", title: "t" },
      { key: "adds 1.5 + 2", title: "t" },
      { key: null, title: "Only a title" },
    ];
    for (const item of cases) {
      const { classname, name } = junitNames(item);
      expect(keyOf(classname.trim(), name.trim())).toBe(item.key ?? item.title);
    }
    expect(junitNames({ key: "com.acme.LoginTest.validPassword", title: "t" })).toEqual({
      classname: "com.acme.LoginTest",
      name: "validPassword",
    });
  });

  it("escapes markup and replaces characters XML cannot hold", async () => {
    expect(xmlText("a < b && c > d")).toBe("a &lt; b &amp;&amp; c &gt; d");
    expect(xmlAttr('say "hi"\nthen\tgo')).toBe("say &quot;hi&quot;&#10;then&#9;go");
    expect(xmlText("bell\u0007 nul\u0000 lone\ud800 ok\u{1f600}")).toBe("bell\ufffd nul\ufffd lone\ufffd ok\u{1f600}");
    expect(xml).not.toContain("<script>");
    expect(xml).toContain("&lt;script&gt;");
    expect(xml).not.toContain("\u0001");
    // A hostile item on its own still reads back.
    const nasty = exportJunit(
      fixtureModel({
        items: [
          itemOf(1, "failed", { key: `k"<&>'.n`, title: "x\u0000y", note: "]]> <!-- --> \u0008", section: "<s>" }),
        ],
      }),
    );
    const { results } = await importBack(nasty);
    expect(results).toMatchObject([{ key: `k"<&>'.n`, status: "failed", section: "k\"<&>'" }]);
  });
});
