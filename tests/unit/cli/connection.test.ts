import { Effect, Exit, Option } from "effect";
import { describe, expect, it } from "vitest";
import { type ConnectionInput, defaultUrl, resolveConnection } from "../../../cli/connection.ts";

const resolve = (input: Partial<ConnectionInput>, env: Record<string, string> = {}) =>
  Effect.runSyncExit(resolveConnection({ url: Option.none(), token: Option.none(), ...input }, env));

const message = (exit: ReturnType<typeof resolve>): string | undefined =>
  Exit.isFailure(exit) ? exit.cause.reasons.flatMap((r) => (r._tag === "Fail" ? [r.error.message] : []))[0] : undefined;

describe("resolveConnection", () => {
  it("defaults to the server's default port on this machine, without a token", () => {
    expect(defaultUrl).toBe("http://127.0.0.1:4310");
    expect(resolve({})).toEqual(Exit.succeed({ url: defaultUrl, token: undefined }));
  });

  it("takes MEDI_TEST_URL and MEDI_TEST_TOKEN; flags win over them; empty variables count as unset", () => {
    const env = { MEDI_TEST_URL: "http://lab-pc:4310/", MEDI_TEST_TOKEN: "mt_from_env" };
    expect(resolve({}, env)).toEqual(Exit.succeed({ url: "http://lab-pc:4310", token: "mt_from_env" }));
    expect(resolve({ url: Option.some("https://medi.example/lab3"), token: Option.some("mt_flag") }, env)).toEqual(
      Exit.succeed({ url: "https://medi.example/lab3", token: "mt_flag" }),
    );
    expect(resolve({}, { MEDI_TEST_URL: "", MEDI_TEST_TOKEN: "" })).toEqual(
      Exit.succeed({ url: defaultUrl, token: undefined }),
    );
  });

  it("names the flag or variable that is wrong", () => {
    expect(message(resolve({ url: Option.some("lab-pc:4310") }))).toMatch(/^--url must be an http:\/\/ or https:\/\//);
    expect(message(resolve({}, { MEDI_TEST_URL: "ftp://lab" }))).toMatch(/^MEDI_TEST_URL must be/);
    expect(message(resolve({}, { MEDI_TEST_URL: "http://user:pw@lab" }))).toMatch(/^MEDI_TEST_URL must be/);
    expect(message(resolve({ token: Option.some("two words") }))).toBe("--token must be a token without spaces");
    expect(message(resolve({}, { MEDI_TEST_TOKEN: "x\ny" }))).toBe("MEDI_TEST_TOKEN must be a token without spaces");
  });
});
