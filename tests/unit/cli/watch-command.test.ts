import { describe, expect, it } from "vitest";
import { runCli } from "../../../cli/run-cli.ts";

/** `medi-test watch`'s usage, in this process: everything here fails before any request. */
const run = async (argv: ReadonlyArray<string>) => {
  let out = "";
  let err = "";
  const code = await runCli(
    { argv, colors: false, columns: 100 },
    {
      // Nothing listens there: a request would end in exit 3, not 2.
      env: { MEDI_TEST_URL: "http://127.0.0.1:9" },
      out: (text) => {
        out += text;
      },
      err: (text) => {
        err += text;
      },
    },
  );
  return { code, out, err };
};

describe("medi-test watch usage", () => {
  it("--help describes the command and every flag", async () => {
    const help = await run(["watch", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--all",
      "--exit-on-failure",
      "--until-complete",
      "--give-up-after",
      "--json",
      "--url",
      "--token",
    ])
      expect(help.out).toContain(flag);
    expect(help.out).toContain("NDJSON");
    expect((await run(["--help"])).out).toContain("watch");
  });

  it.each([
    [["watch"], "say what to watch: a run's id, or --all"],
    [["watch", "run-1", "--all"], "give a run or --all, not both"],
    [["watch", "--all", "--exit-on-failure"], "--exit-on-failure and --until-complete watch one run, not --all"],
    [["watch", "--all", "--until-complete"], "--exit-on-failure and --until-complete watch one run, not --all"],
    [["watch", "run-1", "--give-up-after", "0"], "--give-up-after must be"],
    [["watch", "x".repeat(65)], "the run id must be 1 to 64 characters"],
  ])("%j is bad usage: exit 2, one line", async (argv, message) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.out).toBe("");
    expect(result.err.trimEnd().split("\n")).toHaveLength(1);
    expect(result.err).toContain(message);
  });

  it("a flag's bad value is bad usage too", async () => {
    const result = await run(["watch", "run-1", "--give-up-after", "soon"]);
    expect(result.code).toBe(2);
    expect(result.err.trimEnd().split("\n")).toHaveLength(1);
  });
});
