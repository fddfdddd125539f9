import { describe, expect, it } from "vitest";
import { serverErrorOf, unreachableReason } from "../../../cli/http-client.ts";

const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

describe("unreachableReason", () => {
  it("says why fetch got no answer, in a few words", () => {
    expect(unreachableReason(fetchFailed(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })))).toBe(
      "connection refused",
    );
    expect(unreachableReason(fetchFailed(Object.assign(new Error("dns"), { code: "ENOTFOUND" })))).toBe("no such host");
    expect(unreachableReason(fetchFailed(Object.assign(new Error("x"), { code: "E_SOMETHING_NEW" })))).toBe(
      "e something new",
    );
    expect(unreachableReason(fetchFailed(new Error("bad port")))).toBe("bad port");
    expect(unreachableReason(new DOMException("timed out", "TimeoutError"))).toBe("no answer within 30 s");
  });
});

describe("serverErrorOf", () => {
  it("keeps the server's own error message and code", () => {
    const body = JSON.stringify({ error: { code: "not_found", message: "No test run abc" } });
    expect(serverErrorOf(404, body, true)).toMatchObject({
      status: 404,
      code: "not_found",
      message: "No test run abc",
    });
  });

  it("falls back to the status and a short excerpt for an answer that is not the API's", () => {
    expect(serverErrorOf(502, "<html>\nBad gateway\n</html>", true)).toMatchObject({
      code: "HTTP_502",
      message: "<html> Bad gateway </html>",
    });
    expect(serverErrorOf(500, "", true).message).toBe("no message");
  });

  it("a 401 without a token says how to give one", () => {
    const body = JSON.stringify({ error: { code: "unauthorized", message: "A admin token is required" } });
    expect(serverErrorOf(401, body, false).message).toBe(
      "A admin token is required (give a token with --token or MEDI_TEST_TOKEN)",
    );
    expect(serverErrorOf(401, body, true).message).toBe("A admin token is required");
  });
});
