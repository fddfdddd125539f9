import { describe, expect, it } from "vitest";
import { runCli } from "../../../cli/run-cli.ts";

/** The whole command in this process, with its output captured: parsing, help, exit codes. */
const run = async (argv: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  let out = "";
  let err = "";
  const code = await runCli(
    { argv, colors: false, columns: 100 },
    {
      env,
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

describe("runCli", () => {
  it("--help lists every command and exits 0", async () => {
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
    for (const command of ["serve", "token", "import", "results", "watch", "export", "backup", "restore", "pin"])
      expect(result.out).toContain(command);
  });

  it("bad usage is one line on stderr and exit 2, before any request", async () => {
    const flag = await run(["token", "list", "--nope"]);
    expect(flag.code).toBe(2);
    expect(flag.out).toBe("");
    expect(flag.err.trimEnd().split("\n")).toHaveLength(1);

    const url = await run(["token", "list"], { MEDI_TEST_URL: "not a url" });
    expect(url).toEqual({
      code: 2,
      out: "",
      err: "medi-test: MEDI_TEST_URL must be an http:// or https:// address such as http://127.0.0.1:4310\n",
    });
  });
});
