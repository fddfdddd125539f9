import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HttpError } from "../../../server/http/api-error.ts";
import { type JunitBodyLimits, readJunitBody } from "../../../server/http/junit/junit-body.ts";

const fixtures = join(import.meta.dirname, "../../fixtures/junit");
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name));
const limits: JunitBodyLimits = { maxBytes: 1024 * 1024, maxCases: 1_000, maxText: 4_000 };

/** The bytes in pieces of the given sizes (cycled), as a request body arrives. */
const chunked = (bytes: Buffer, sizes: ReadonlyArray<number> = [bytes.length]): Readable => {
  const chunks: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
    i += 1;
  }
  return Readable.from(chunks);
};

const failureOf = async (body: Readable, options: JunitBodyLimits = limits): Promise<HttpError> => {
  try {
    await readJunitBody(body, options);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
};

describe("readJunitBody", () => {
  it.each([
    ["surefire.xml", 7],
    ["pytest.xml", 10],
    ["gotestsum.xml", 7],
    ["vitest.xml", 37],
    ["playwright.xml", 5],
  ])("reads every test case of %s", async (name, count) => {
    expect(await readJunitBody(chunked(fixture(name)), limits)).toHaveLength(count);
  });

  it("reads the same cases however the body is cut into chunks (multi-byte characters included)", async () => {
    const bytes = Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?><testsuite name="ü"><testcase classname="Größe" name="Ω ✓ 測試"><failure message="&lt;é&gt;"><![CDATA[a]]>b&amp;c</failure><system-out>😀 out</system-out></testcase></testsuite>`,
    );
    const whole = await readJunitBody(chunked(bytes), limits);
    expect(whole[0]).toMatchObject({
      name: "Ω ✓ 測試",
      classname: "Größe",
      problems: [{ kind: "failure", message: "<é>", text: "ab&c" }],
      systemOut: "😀 out",
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
        expect(await readJunitBody(chunked(bytes, sizes), limits)).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it("answers a malformed file with 400 and its line and column", async () => {
    const error = await failureOf(chunked(fixture("malformed.xml"), [5]));
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_xml");
    expect(error.details).toEqual({ line: 5, column: 39 });
    expect(error.message).toContain("line 5, column 39");
  });

  it.each(["billion-laughs.xml", "external-entity.xml"])(
    "refuses %s at its DOCTYPE: nothing expanded or read",
    async (name) => {
      const error = await failureOf(chunked(fixture(name)));
      expect(error.status).toBe(400);
      expect(error.message).toContain("DOCTYPE");
    },
  );

  it("refuses an entity XML does not define", async () => {
    const error = await failureOf(chunked(fixture("undeclared-entity.xml")));
    expect(error.details).toEqual({ line: 4, column: 29 });
  });

  it("refuses a body that is not UTF-8, or says it is in another encoding", async () => {
    const latin1 = Buffer.from('<testsuite><testcase name="caf\xe9"/></testsuite>', "latin1");
    expect((await failureOf(chunked(latin1))).message).toContain("not UTF-8");
    expect((await failureOf(chunked(latin1))).details).toBeUndefined();
    const declared = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><testsuite/>');
    expect((await failureOf(chunked(declared))).message).toContain("must be UTF-8");
  });

  it("refuses a root that is not a JUnit one, an empty body and a cut-off file", async () => {
    expect((await failureOf(chunked(Buffer.from("<html><body/></html>")))).message).toContain("root element is <html>");
    expect((await failureOf(Readable.from([]))).status).toBe(400);
    expect((await failureOf(chunked(fixture("surefire.xml").subarray(0, 900)))).code).toBe("invalid_xml");
  });

  it("stops at maxBytes with 413", async () => {
    const error = await failureOf(chunked(fixture("surefire.xml"), [100]), { ...limits, maxBytes: 1_000 });
    expect(error.status).toBe(413);
    expect(error.message).toContain("larger than 1000 bytes");
  });

  it("stops at maxCases with 413", async () => {
    const error = await failureOf(chunked(fixture("surefire.xml")), { ...limits, maxCases: 3 });
    expect(error.status).toBe(413);
    expect(error.code).toBe("too_many_test_cases");
  });

  it("keeps no more than maxText of a huge system-out while reading it in chunks", async () => {
    const big = `<testsuite><testcase name="a"><system-out>${"x".repeat(200_000)}</system-out></testcase></testsuite>`;
    const cases = await readJunitBody(chunked(Buffer.from(big), [4_096]), { ...limits, maxText: 100 });
    expect(cases[0]?.systemOut).toHaveLength(100);
  });
});
