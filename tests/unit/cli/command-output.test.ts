import { Option } from "effect";
import { CliError } from "effect/cli";
import { describe, expect, it } from "vitest";
import { invalidInvocationLine } from "../../../cli/cli-environment.ts";
import { recordedLines, resultsBodyFrom } from "../../../cli/commands/results.ts";
import { serveArgv } from "../../../cli/commands/serve.ts";
import { tokenTableLines } from "../../../cli/commands/token-list.ts";
import { formatTable } from "../../../cli/output.ts";

describe("results file", () => {
  it("is the request body, or just its results array; --add-missing sets addMissing", () => {
    const results = [{ key: "a", status: "passed" }];
    expect(resultsBodyFrom({ results }, false)).toEqual({ results });
    expect(resultsBodyFrom(results, false)).toEqual({ results });
    expect(resultsBodyFrom(results, true)).toEqual({ results, addMissing: true });
    expect(resultsBodyFrom({ results, addMissing: false }, true)).toEqual({ results, addMissing: true });
    // Anything else goes to the schema as it is, to be refused there.
    expect(resultsBodyFrom("text", true)).toBe("text");
  });

  it("the answer is summed up with the run's counts", () => {
    const counts = { total: 5, untested: 1, passed: 2, failed: 1, blocked: 1, skipped: 0, retest: 0 };
    expect(recordedLines("r1", { items: [], added: 2, counts })).toEqual([
      "Recorded 0 results in run r1 (2 new items).",
      "Run now: 2 passed, 1 failed, 1 blocked, 0 skipped, 0 retest, 1 untested of 5.",
    ]);
  });
});

describe("serve", () => {
  it("hands the given settings back to loadConfig as npm start's command line", () => {
    expect(
      serveArgv({
        port: Option.some("0"),
        host: Option.none(),
        demo: Option.some(true),
        "require-read-token": Option.some(false),
        "data-dir": Option.some("/tmp/lab data"),
      }),
    ).toEqual(["--port", "0", "--demo", "--data-dir", "/tmp/lab data"]);
  });
});

describe("tables", () => {
  it("pads every column but the last to its widest cell", () => {
    expect(
      formatTable([
        ["ID", "NAME"],
        ["1234", "CI nightly"],
      ]),
    ).toEqual(["ID    NAME", "1234  CI nightly"]);
  });

  it("token list shows state, never a secret", () => {
    const lines = tokenTableLines([
      {
        id: "t1",
        name: "Wall 1",
        role: "viewer",
        kind: "issued",
        createdAt: "2026-12-01T10:00:00.000Z",
        revokedAt: "2026-12-02T10:00:00.000Z",
      },
    ]);
    expect(lines[1]).toBe("t1  viewer  issued  2026-12-01T10:00:00.000Z  revoked 2026-12-02T10:00:00.000Z  Wall 1");
    expect(tokenTableLines([])).toEqual(["No tokens."]);
  });
});

describe("a bad invocation", () => {
  it("is one line naming the first problem and where the help is", () => {
    const line = invalidInvocationLine(
      ["medi-test", "token", "create"],
      [new CliError.MissingArgument({ argument: "name" })],
    );
    expect(line).toBe("medi-test: Missing required argument: name (see medi-test token create --help)");
    const typo = invalidInvocationLine(
      ["medi-test", "token", "list"],
      [
        new CliError.UnrecognizedOption({
          option: "--jsn",
          suggestions: ["--json"],
          command: ["medi-test", "token", "list"],
        }),
      ],
    );
    expect(typo).toBe(
      "medi-test: Unrecognized flag: --jsn in command medi-test token list; did you mean --json? (see medi-test token list --help)",
    );
  });
});
