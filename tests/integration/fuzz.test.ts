import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, startTestLab, type TestLab } from "../support/lab-server.ts";

/** Requests per property run; `npm run soak` raises it. */
const numRuns = Number(process.env.MEDI_TEST_FUZZ_RUNS ?? "10000");

let lab: TestLab;
let run: TestRunDetail;
let testerToken = "";

beforeAll(async () => {
  lab = await startTestLab({ pin: "2468", bodyLimit: 256 * 1024 });
  run = await createRun(lab, "Fuzz target", 4);
  const session = await lab.api<{ token: string }>(
    "POST",
    "/api/session",
    { pin: "2468", name: "Fuzzer" },
    { token: null },
  );
  testerToken = session.body.token;
});

afterAll(async () => {
  await lab.close();
});

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "%2e%2e%2f",
    "\u0000",
    "💥",
    "null",
    "undefined",
    "__proto__",
    "constructor",
    "a".repeat(5_000),
    "𠮷".repeat(300),
  ),
);

const segment = fc.oneof(
  fc.constantFrom(
    () => run.id,
    () => run.items[0]?.id ?? "x",
  ),
  nasty.map((s) => () => encodeURIComponent(s)),
);

const path = fc
  .tuple(
    fc.constantFrom(
      "/api/test-runs",
      "/api/test-runs/:id",
      "/api/test-runs/:id/status",
      "/api/test-runs/:id/items",
      "/api/test-runs/:id/items/:item",
      "/api/test-runs/:id/comments",
      "/api/test-runs/:id/results",
      "/api/test-runs/:id/events",
      "/api/test-runs/:id/junit",
      "/api/test-runs/junit",
      "/api/tokens",
      "/api/tokens/:id",
      "/api/session",
      "/api/settings/pin",
      "/api/health",
      "/api/openapi.json",
      "/api/nope/:id",
    ),
    segment,
    segment,
    fc.option(
      fc.dictionary(
        fc.constantFrom("after", "limit", "status", "runs", "all", "lastEventId", "name", "addMissing", "x"),
        nasty,
        {
          maxKeys: 3,
        },
      ),
    ),
  )
  .map(([template, id, item, query]) => () => {
    const base = template.replace(":id", id()).replace(":item", item());
    return query === null ? base : `${base}?${new URLSearchParams(query).toString()}`;
  });

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const plausibleBody = fc.record(
  {
    name: nasty,
    status: fc.oneof(fc.constantFrom("passed", "failed", "running", "completed", "PASSED"), nasty),
    note: fc.oneof(nasty, fc.constant(null)),
    expectedVersion: fc.oneof(fc.integer(), fc.double(), nasty),
    items: fc.array(fc.record({ title: nasty, section: nasty }, { requiredKeys: [] }), { maxLength: 5 }),
    labels: fc.dictionary(nasty, nasty, { maxKeys: 3 }),
    body: nasty,
    pin: nasty,
    role: fc.constantFrom("tester", "admin", "root"),
    durationMs: fc.oneof(fc.integer(), fc.double()),
    extra: jsonValue,
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  plausibleBody.map((b) => JSON.stringify(b)),
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.constantFrom("{", "[1,2", '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}', "x".repeat(300_000)),
  fc.constantFrom(
    '<testsuite name="s"><testcase classname="a" name="b"/></testsuite>',
    '<testsuite><testcase name="a"><failure message="m">x</failure></testcase>',
    '<!DOCTYPE t [<!ENTITY a "aaaa">]><testsuite><testcase name="&a;"/></testsuite>',
    "<testsuites/>",
  ),
  nasty.map((text) => `<testsuite><testcase classname="${text}" name="${text}">${text}</testcase></testsuite>`),
);

const request = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
  path,
  body: fc.option(body),
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/xml",
    "text/xml",
    undefined,
  ),
  auth: fc.constantFrom("none", "admin", "tester", "garbage", "malformed"),
  origin: fc.option(fc.constantFrom("http://evil.example", "null")),
});

const errorShape = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
};

const lastEventId = async (): Promise<number> =>
  (await lab.api<{ lastEventId: number }>("GET", "/api/health")).body.lastEventId;
const tokenCount = async (): Promise<number> =>
  (await lab.api<{ tokens: unknown[] }>("GET", "/api/tokens")).body.tokens.length;

describe("fuzzing every route", () => {
  it(`never answers 5xx, never changes state on a 4xx, always in the error shape (${numRuns} requests)`, async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.auth === "admin") headers.authorization = `Bearer ${lab.adminToken}`;
        if (r.auth === "tester") headers.authorization = `Bearer ${testerToken}`;
        if (r.auth === "garbage") headers.authorization = "Bearer mt_garbage_garbage_garbage";
        if (r.auth === "malformed") headers.authorization = "Basic Zm9vOmJhcg==";
        if (r.contentType !== undefined && r.body !== null) headers["content-type"] = r.contentType;
        if (r.origin !== null) headers.origin = r.origin;
        const url = `${lab.url}${r.path()}`;
        const tokensTouched = url.includes("/api/tokens") || url.includes("/api/session");
        const seqBefore = await lastEventId();
        const tokensBefore = tokensTouched ? await tokenCount() : 0;
        const response = await fetch(url, {
          method: r.method,
          headers,
          ...(r.body === null || r.method === "GET" ? {} : { body: r.body }),
        });
        const text = await response.text();
        const what = `${r.method} ${url.slice(0, 200)} → ${response.status} ${text.slice(0, 200)}`;
        expect(response.status, what).toBeLessThan(500);
        if (response.status >= 400) {
          expect(errorShape(JSON.parse(text)), what).toBe(true);
          expect(await lastEventId()).toBe(seqBefore);
          if (tokensTouched) expect(await tokenCount()).toBe(tokensBefore);
        }
      }),
      { numRuns, seed: Number(process.env.MEDI_TEST_FUZZ_SEED ?? Date.now() % 1_000_000), endOnFailure: true },
    );
    expect((await lab.api("GET", "/api/health")).status).toBe(200);
  }, 600_000);

  it("answers random Last-Event-IDs on the streams with a snapshot, a reset or a replay — never an error", async () => {
    // Its own run: the fuzzing above may well have deleted the shared one.
    const target = await createRun(lab, "Stream target", 2);
    const item = target.items[0];
    if (item === undefined) throw new Error("no item");
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.integer().map(String),
          fc.bigInt().map(String),
          fc.constantFrom("-1", "1e3", "0x10", " 5", "9".repeat(40)),
        ),
        async (id) => {
          const controller = new AbortController();
          const response = await fetch(`${lab.url}/api/test-runs/${target.id}/stream`, {
            // Header values are visible ASCII (anything else never leaves the client).
            headers: { "last-event-id": id.replace(/[^\x20-\x7e]/g, "").trim() },
            signal: controller.signal,
          });
          expect(response.status).toBe(200);
          const reader = response.body?.getReader();
          let text = "";
          const readUntil = async (pattern: RegExp) => {
            while (!pattern.test(text)) {
              const chunk = await reader?.read();
              if (chunk === undefined || chunk.done) break;
              text += new TextDecoder().decode(chunk.value);
            }
          };
          await readUntil(/retry: \d+/);
          // A valid id with nothing left to replay rightly sends nothing yet: a new result must
          // arrive on every stream, whatever its id was.
          const note = `round ${round++}`;
          await lab.api("PUT", `/api/test-runs/${target.id}/items/${item.id}`, { note });
          await readUntil(new RegExp(`"note":"${note}"`));
          controller.abort();
          expect(text).toContain(`"note":"${note}"`);
          const first = /\ndata: (\{"seq".*)\n/.exec(text)?.[1] ?? "";
          expect(first).toMatch(
            /"type":"(snapshot|reset|item_updated|status_changed|run_created|comment_added|items_added|run_updated)"/,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
