import { describe, expect, it } from "vitest";
import {
  describeFailure,
  ExitCode,
  exitCodeOf,
  Failure,
  oneLine,
  ServerError,
  Unreachable,
  UsageError,
} from "../../../cli/errors.ts";

describe("the command's failures", () => {
  it("map to the documented exit codes", () => {
    expect(ExitCode).toEqual({ ok: 0, failure: 1, usage: 2, unreachable: 3 });
    expect(exitCodeOf(new UsageError({ message: "x" }))).toBe(2);
    expect(exitCodeOf(new Unreachable({ url: "http://a", reason: "connection refused" }))).toBe(3);
    expect(exitCodeOf(new ServerError({ status: 404, code: "not_found", message: "x" }))).toBe(1);
    expect(exitCodeOf(new Failure({ message: "x" }))).toBe(1);
  });

  it("are described in one line", () => {
    expect(describeFailure(new Unreachable({ url: "http://127.0.0.1:4310", reason: "connection refused" }))).toBe(
      "cannot reach the medi-test server at http://127.0.0.1:4310: connection refused",
    );
    expect(describeFailure(new ServerError({ status: 403, code: "forbidden", message: "This needs\nadmin" }))).toBe(
      "the server refused (403 forbidden): This needs admin",
    );
    expect(describeFailure(new UsageError({ message: "  a\r\n  b  " }))).toBe("a b");
    expect(oneLine("one\n\ntwo\r\nthree")).toBe("one two three");
  });
});
