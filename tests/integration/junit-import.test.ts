import { createReadStream, readFileSync, statSync, writeSync, openSync, closeSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { openDatabaseProbe } from "../support/database-probe.ts";
import { type ApiBody, makeTempDir, openStream, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { spawnServer } from "../support/server-process.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (overrides: Parameters<typeof startTestLab>[0] = {}): Promise<TestLab> => {
  const started = await startTestLab(overrides);
  cleanup.push(() => removeDir(started.dataDir));
  cleanup.push(() => started.close());
  return started;
};

const fixtures = join(import.meta.dirname, "../fixtures/junit");
const fixture = (name: string): Buffer => readFileSync(join(fixtures, name));

interface Imported {
  readonly runId: string;
  readonly cases: number;
  readonly results: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly flaky: number;
  readonly added: number;
  readonly counts: RunCounts;
}

interface Answer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

/** POSTs an XML body (bytes, or a stream sent chunked) with the lab's admin token unless told otherwise. */
const postXml = async <T = Imported & ApiBody>(
  url: string,
  token: string | null,
  body: Buffer | string | ReadableStream<Uint8Array>,
  contentType = "application/xml",
): Promise<Answer<T>> => {
  const headers: Record<string, string> = { "content-type": contentType };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, {
    method: "POST",
    headers,
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === "" ? undefined : JSON.parse(text)) as T,
  };
};

const tally = (body: Imported) => ({
  cases: body.cases,
  results: body.results,
  passed: body.passed,
  failed: body.failed,
  skipped: body.skipped,
  flaky: body.flaky,
});

describe("JUnit XML import", () => {
  it.each([
    ["surefire.xml", { cases: 7, results: 7, passed: 3, failed: 3, skipped: 1, flaky: 1 }],
    ["pytest.xml", { cases: 10, results: 8, passed: 4, failed: 3, skipped: 1, flaky: 1 }],
    ["gotestsum.xml", { cases: 7, results: 6, passed: 4, failed: 1, skipped: 1, flaky: 1 }],
    ["vitest.xml", { cases: 37, results: 37, passed: 37, failed: 0, skipped: 0, flaky: 0 }],
    ["playwright.xml", { cases: 5, results: 5, passed: 3, failed: 1, skipped: 1, flaky: 1 }],
  ])("imports %s as a new run with exact counts", async (name, expected) => {
    const l = await lab();
    const response = await postXml(
      `${l.url}/api/test-runs/junit?name=${encodeURIComponent(name)}`,
      l.adminToken,
      fixture(name),
    );
    expect(response.status).toBe(201);
    expect(tally(response.body)).toEqual(expected);
    expect(response.body.added).toBe(expected.results);
    expect(response.body.counts).toMatchObject({
      total: expected.results,
      passed: expected.passed,
      failed: expected.failed,
      skipped: expected.skipped,
      untested: 0,
    });
    const detail = (await l.api<TestRunDetail>("GET", `/api/test-runs/${response.body.runId}`)).body;
    expect(detail.name).toBe(name);
    expect(detail.status).toBe("running");
    expect(detail.items).toHaveLength(expected.results);
  });

  it("records into an existing run by key classname.name, with durations and short notes", async () => {
    const l = await lab();
    const created = await l.api<TestRunDetail>("POST", "/api/test-runs", {
      name: "Radio nightly",
      items: [
        { title: "nrToLte", section: "Radio", key: "com.example.radio.HandoverTest.nrToLte" },
        { title: "manual check", section: "Radio" },
      ],
    });
    const run = created.body;
    const response = await postXml(`${l.url}/api/test-runs/${run.id}/junit`, l.adminToken, fixture("surefire.xml"));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ runId: run.id, added: 6, results: 7 });
    expect(response.body.counts).toMatchObject({ total: 8, passed: 3, failed: 3, skipped: 1, untested: 1 });
    const items = (await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body.items;
    const byKey = new Map(items.map((item) => [item.key, item]));
    expect(byKey.get("com.example.radio.HandoverTest.nrToLte")).toMatchObject({
      title: "nrToLte",
      section: "Radio",
      status: "failed",
      durationMs: 101,
    });
    expect(byKey.get("com.example.radio.HandoverTest.nrToLte")?.note).toContain(
      "org.opentest4j.AssertionFailedError: expected: <200> but was: <500>",
    );
    expect(byKey.get("com.example.radio.HandoverTest.nrToLte")?.note).toContain(
      "system-out: handover NR -> LTE started",
    );
    expect(byKey.get("com.example.radio.HandoverTest.attachTimeout")).toMatchObject({
      status: "failed",
      durationMs: 1_204_500,
      section: "com.example.radio.HandoverTest",
    });
    expect(byKey.get("com.example.radio.HandoverTest.pingCell")).toMatchObject({ status: "passed" });
    expect(byKey.get("com.example.radio.HandoverTest.pingCell")?.note).toMatch(/^Flaky: passed after 1 failed try/);
    expect(items.find((item) => item.key === null)?.status).toBe("untested");
  });

  it("keys Vitest's and Playwright's cases by file and test name, with their notes", async () => {
    const l = await lab();
    const vitest = await postXml(`${l.url}/api/test-runs/junit?name=vitest`, l.adminToken, fixture("vitest.xml"));
    const vitestItems = (await l.api<TestRunDetail>("GET", `/api/test-runs/${vitest.body.runId}`)).body.items;
    expect(vitestItems.find((i) => i.title === 'normalizeSection > "Login" becomes "Login"')).toMatchObject({
      key: 'tests/unit/domain/section.test.ts.normalizeSection > "Login" becomes "Login"',
      section: "tests/unit/domain/section.test.ts",
      status: "passed",
    });
    const playwright = await postXml(`${l.url}/api/test-runs/junit?name=pw`, l.adminToken, fixture("playwright.xml"));
    const items = (await l.api<TestRunDetail>("GET", `/api/test-runs/${playwright.body.runId}`)).body.items;
    const byTitle = new Map(items.map((i) => [i.title, i]));
    expect(byTitle.get("normalizeSection › joins parts with single slashes")).toMatchObject({
      key: "lab.spec.ts.normalizeSection › joins parts with single slashes",
      section: "lab.spec.ts",
      status: "passed",
      durationMs: 45,
    });
    const failed = byTitle.get("a wall shows a failure (fails on purpose)");
    expect(failed?.status).toBe("failed");
    expect(failed?.note).toMatch(/^expect\.toBe: expect\(received\)\.toBe\(expected\)/);
    expect(failed?.note).toContain("Failed again in 1 rerun.");
    expect(failed?.note).toContain("system-out: wall checked");
    expect(byTitle.get("a bench that is not wired")?.status).toBe("skipped");
    expect(byTitle.get("a flaky link (fails on its first try)")?.note).toMatch(/^Flaky: passed after 1 failed try/);
  });

  it("with addMissing=false, a test case the run lacks refuses the whole file", async () => {
    const l = await lab();
    const run = (
      await l.api<TestRunDetail>("POST", "/api/test-runs", {
        name: "Power",
        items: [{ title: "boot", key: "tests.test_power.test_boot" }],
      })
    ).body;
    const probe = openDatabaseProbe(l.server.paths.database);
    cleanup.push(() => probe.close());
    const before = probe.dump();
    const response = await postXml(
      `${l.url}/api/test-runs/${run.id}/junit?addMissing=false`,
      l.adminToken,
      fixture("pytest.xml"),
    );
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe("invalid_input");
    expect(probe.dump()).toEqual(before);
  });

  it("a new-run import whose results are refused leaves no empty run behind", async () => {
    const l = await lab();
    const { importJunitAsNewRun } = await import("../../server/application/usecases/import-junit.ts");
    // A result the run has no item for and no title to make one from: recording it fails after
    // the run was created.
    const exit = await l.server.runtime.runPromiseExit(
      importJunitAsNewRun("Refused import", { results: [{ key: "a.b", status: "passed" }], addMissing: true }, null),
    );
    expect(exit._tag).toBe("Failure");
    const runs = await l.api<{ runs: ReadonlyArray<{ name: string }> }>("GET", "/api/test-runs");
    expect(runs.body.runs.map((r) => r.name)).not.toContain("Refused import");
  });

  it("shows an import on a wall's stream as one batch event", async () => {
    const l = await lab();
    const run = (await l.api<TestRunDetail>("POST", "/api/test-runs", { name: "Go nightly" })).body;
    const wall = openStream(`${l.url}/api/stream?runs=${run.id}`);
    cleanup.push(() => wall.close());
    await wall.waitForCount(1);
    const seen = wall.events.length;
    const response = await postXml(`${l.url}/api/test-runs/${run.id}/junit`, l.adminToken, fixture("gotestsum.xml"));
    expect(response.status).toBe(200);
    await wall.waitFor(() => wall.events.some((e) => e.type === "batch"));
    // A later write shows nothing else came from the import.
    await l.api("POST", `/api/test-runs/${run.id}/comments`, { body: "imported" });
    await wall.waitFor(() => wall.events.some((e) => e.type === "comment_added"));
    const fromImport = wall.events.slice(seen).filter((e) => e.type !== "comment_added");
    expect(fromImport.map((e) => e.type)).toEqual(["batch"]);
    const batchData = fromImport[0]?.data as { events?: Array<{ type: string }> } | undefined;
    const parts = batchData?.events ?? [];
    expect(parts.map((p) => p.type)).toEqual([
      "status_changed",
      "items_added",
      ...Array.from({ length: 6 }, () => "item_updated"),
    ]);
  });

  describe("refuses, changing nothing", () => {
    const refusals: ReadonlyArray<[string, string, number, string, Record<string, number> | undefined]> = [
      ["a malformed file", "malformed.xml", 400, "invalid_xml", { line: 5, column: 39 }],
      ["billion laughs", "billion-laughs.xml", 400, "invalid_xml", undefined],
      ["an external entity", "external-entity.xml", 400, "invalid_xml", undefined],
      ["an entity without a DTD", "undeclared-entity.xml", 400, "invalid_xml", { line: 4, column: 29 }],
    ];
    it.each(refusals)("%s", async (_what, name, status, code, details) => {
      const l = await lab();
      const run = (await l.api<TestRunDetail>("POST", "/api/test-runs", { name: "Target" })).body;
      const probe = openDatabaseProbe(l.server.paths.database);
      cleanup.push(() => probe.close());
      const before = probe.dump();
      const response = await postXml(`${l.url}/api/test-runs/${run.id}/junit`, l.adminToken, fixture(name));
      expect(response.status).toBe(status);
      expect(response.body.error?.code).toBe(code);
      if (details !== undefined) expect(response.body.error?.details).toEqual(details);
      const newRun = await postXml(`${l.url}/api/test-runs/junit?name=x`, l.adminToken, fixture(name));
      expect(newRun.status).toBe(status);
      expect(probe.dump()).toEqual(before);
      expect((await l.api("GET", "/api/health")).status).toBe(200);
    });

    it("the wrong media type, no token, no name, an unknown run, an empty file", async () => {
      const l = await lab();
      const probe = openDatabaseProbe(l.server.paths.database);
      cleanup.push(() => probe.close());
      const before = probe.dump();
      const surefire = fixture("surefire.xml");
      const json = await postXml(`${l.url}/api/test-runs/junit?name=x`, l.adminToken, "{}", "application/json");
      expect([json.status, json.body.error?.code]).toEqual([415, "unsupported_media_type"]);
      expect(json.body.error?.message).toContain("application/xml");
      const anonymous = await postXml(`${l.url}/api/test-runs/junit?name=x`, null, surefire);
      expect(anonymous.status).toBe(401);
      const noName = await postXml(`${l.url}/api/test-runs/junit`, l.adminToken, surefire);
      expect([noName.status, noName.body.error?.code]).toEqual([400, "invalid_query"]);
      const unknown = await postXml(`${l.url}/api/test-runs/01ZZZZZZZZZZZZZZZZZZZZZZZZ/junit`, l.adminToken, surefire);
      expect(unknown.status).toBe(404);
      const empty = await postXml(
        `${l.url}/api/test-runs/junit?name=x`,
        l.adminToken,
        '<testsuites name="none"/>',
        "text/xml",
      );
      expect([empty.status, empty.body.error?.message]).toEqual([400, "The JUnit file holds no test cases"]);
      expect(probe.dump()).toEqual(before);
    });

    it("a file over the limit gets 413, whether its length is declared or it arrives in chunks", async () => {
      const l = await lab({ junitLimit: 64 * 1024 });
      const big = Buffer.from(
        `<testsuite name="big">${'<testcase classname="a" name="b"><system-out>'.concat("x".repeat(1_000), "</system-out></testcase>").repeat(100)}</testsuite>`,
      );
      const declared = await postXml(`${l.url}/api/test-runs/junit?name=big`, l.adminToken, big);
      expect([declared.status, declared.body.error?.code]).toEqual([413, "payload_too_large"]);
      expect(declared.body.error?.message).toContain("65536 bytes");
      const streamed = await postXml(
        `${l.url}/api/test-runs/junit?name=big`,
        l.adminToken,
        Readable.toWeb(Readable.from([big.subarray(0, 40_000), big.subarray(40_000)])) as ReadableStream<Uint8Array>,
      );
      expect(streamed.status).toBe(413);
      expect((await l.api<{ runs: unknown[] }>("GET", "/api/test-runs")).body.runs).toHaveLength(0);
    });
  });
});

/** Writes a JUnit file of `cases` test cases with `outputBytes` of system-out each, without holding it whole. */
const writeBigJunit = (file: string, cases: number, outputBytes: number): void => {
  const fd = openSync(file, "w");
  try {
    writeSync(fd, '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="big">\n<testsuite name="bulk">\n');
    const output = `${"lab log line: all nominal, 42 dBm, cell 17\n".repeat(Math.ceil(outputBytes / 44))}`.slice(
      0,
      outputBytes,
    );
    for (let i = 0; i < cases; i += 1) {
      const failed = i % 50 === 0;
      writeSync(
        fd,
        `<testcase classname="lab.bulk.Suite${i % 20}" name="case ${i}" time="0.0${i % 10}">${
          failed ? `<failure message="case ${i} broke" type="AssertionError">at step ${i}</failure>` : ""
        }<system-out><![CDATA[${output}]]></system-out></testcase>\n`,
      );
    }
    writeSync(fd, "</testsuite>\n</testsuites>\n");
  } finally {
    closeSync(fd);
  }
};

/** Peak resident memory of a process so far (Linux), in bytes. */
const peakRss = (pid: number): number => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? Number.NaN) * 1024;
};

const heapCapMb = 96;

describe("a JUnit file larger than the server's heap", () => {
  it(`streams a 197 MB file into a server with a ${heapCapMb} MB heap and imports all 10,000 cases`, async () => {
    const dir = makeTempDir("medi-test-junit-");
    cleanup.push(() => removeDir(dir));
    const big = join(dir, "big.xml");
    // 10,000 cases, each with 20 KB of output (kept: its first 1,000 characters).
    writeBigJunit(big, 10_000, 20_000);
    const size = statSync(big).size;
    expect(size).toBeGreaterThan(195_000_000);
    // Two bounds. The JS heap is capped below the file's size, and the process may grow by less
    // than three quarters of it (peak RSS). The heap cap alone would not tell: Node keeps a long
    // string made from a Buffer outside the JS heap. Held whole, the file costs twice its size
    // (its bytes and its text: +231 MB for a 120 MB file, +461 MB for this one, measured with a
    // reader that gathers the body first); read as it arrives, +71 to +107 MB whatever the size
    // (garbage not yet collected, up to the heap cap).
    const server = await spawnServer(
      join(dir, "data"),
      0,
      ["--junit-limit", String(256 * 1024 * 1024)],
      [`--max-old-space-size=${heapCapMb}`],
    );
    cleanup.push(() => server.stop());
    const start = peakRss(server.child.pid ?? 0);
    const response = await postXml(
      `${server.url}/api/test-runs/junit?name=big`,
      server.adminToken,
      Readable.toWeb(createReadStream(big, { highWaterMark: 64 * 1024 })) as ReadableStream<Uint8Array>,
    );
    expect(response.status, server.output()).toBe(201);
    expect(tally(response.body)).toEqual({
      cases: 10_000,
      results: 10_000,
      passed: 9_800,
      failed: 200,
      skipped: 0,
      flaky: 0,
    });
    expect(response.body.counts).toMatchObject({ total: 10_000, passed: 9_800, failed: 200 });
    const growth = peakRss(server.child.pid ?? 0) - start;
    const mb = (bytes: number) => Math.round(bytes / 1e6);
    expect(growth, `peak RSS grew by ${mb(growth)} MB for a ${mb(size)} MB file`).toBeLessThan(size * 0.75);
  }, 180_000);
});
