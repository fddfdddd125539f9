import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Effect, Exit } from "effect";
import { afterAll, describe, expect, it } from "vitest";
import { backupLines, backupListLines } from "../../../cli/commands/backup.ts";
import { importedFileLine, junitImportLines } from "../../../cli/commands/import-junit.ts";
import { checkJunitFile } from "../../../cli/junit-file-check.ts";
import { makeTempDir, removeDir } from "../../support/lab-server.ts";

const counts = { total: 9, untested: 1, passed: 5, failed: 2, blocked: 0, skipped: 1, retest: 0 };
const imported = { runId: "r1", cases: 9, results: 8, passed: 5, failed: 2, skipped: 1, flaky: 1, added: 3, counts };

describe("import junit output", () => {
  it("a line per file with its tally and new items, then the run's counts", () => {
    expect(importedFileLine("a.xml", imported)).toBe(
      "a.xml: 8 results (5 passed, 2 failed, 1 skipped, 1 flaky), 3 new items",
    );
    expect(importedFileLine("b.xml", { ...imported, results: 1, flaky: 0, added: 0 })).toBe(
      "b.xml: 1 result (5 passed, 2 failed, 1 skipped)",
    );
    expect(junitImportLines({ runId: "r1", files: [{ file: "a.xml", ...imported }], counts })).toEqual([
      "a.xml: 8 results (5 passed, 2 failed, 1 skipped, 1 flaky), 3 new items",
      "Run r1 now: 5 passed, 2 failed, 0 blocked, 1 skipped, 0 retest, 1 untested of 9.",
    ]);
  });
});

describe("a JUnit file checked before it is sent", () => {
  const dir = makeTempDir("medi-test-junit-check-");
  afterAll(() => removeDir(dir));
  const check = (name: string, content: string) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return Effect.runPromiseExit(checkJunitFile(file));
  };

  it("tallies a valid file as the server will", async () => {
    const exit = await check(
      "ok.xml",
      '<testsuite><testcase classname="a" name="x"/><testcase classname="a" name="y"><failure message="no"/></testcase></testsuite>',
    );
    expect(Exit.isSuccess(exit) && exit.value.tally).toEqual({
      cases: 2,
      results: 2,
      passed: 1,
      failed: 1,
      skipped: 0,
      flaky: 0,
    });
  });

  it("names the file and the place of the problem; a DOCTYPE and an empty file are refused", async () => {
    const cases: ReadonlyArray<[string, string, RegExp]> = [
      [
        "bad.xml",
        "<testsuite>\n<testcase classname='a' name='b'>\n</testsuite>",
        /bad\.xml: is not valid at line 3, column \d+/,
      ],
      ["dtd.xml", '<!DOCTYPE x [<!ENTITY a "b">]><testsuite/>', /dtd\.xml: .*DOCTYPE/i],
      ["empty.xml", "<testsuites></testsuites>", /empty\.xml: holds no test cases/],
    ];
    for (const [name, content, message] of cases) {
      const exit = await check(name, content);
      expect(Exit.isFailure(exit)).toBe(true);
      if (Exit.isFailure(exit)) {
        const error = exit.cause.reasons.find((r) => r._tag === "Fail")?.error;
        expect(error?._tag).toBe("UsageError");
        expect(error?.message).toMatch(message);
      }
    }
  });
});

describe("backup output", () => {
  const backup = {
    name: "medi-test-20261202T090000.000Z.sqlite",
    file: "/lab/backups/x.sqlite",
    bytes: 3_145_728,
    createdAt: "2026-12-02T09:00:00.000Z",
  };
  it("says where the copy is and how to restore it", () => {
    expect(backupLines({ backup, savedTo: null })).toEqual([
      "Backup taken on the server: /lab/backups/x.sqlite (3.0 MiB).",
      "Keep a copy elsewhere: medi-test backup --out <file>; restore with: medi-test restore <file>",
    ]);
    expect(backupLines({ backup, savedTo: "lab.sqlite" })[1]).toBe(
      "Saved to lab.sqlite; restore with: medi-test restore lab.sqlite",
    );
    expect(backupListLines([])).toEqual(["No backups."]);
    expect(backupListLines([backup])).toEqual([
      "CREATED                   SIZE     NAME",
      "2026-12-02T09:00:00.000Z  3.0 MiB  medi-test-20261202T090000.000Z.sqlite",
    ]);
  });
});
