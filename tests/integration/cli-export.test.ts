import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { isOneLine, runCliProcess } from "../support/cli-process.ts";
import { makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

// Each case starts the command several times, a second or more each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

/** `medi-test export` in its own process against a real lab server, for every format. */
let lab: TestLab;
let files: string;
let run: TestRunDetail;
let viewerToken: string;
const hostile = "<script>alert(1)</script>";

const must = async <T>(response: Promise<{ status: number; body: T }>, what: string): Promise<T> => {
  const answer = await response;
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

beforeAll(async () => {
  lab = await startTestLab({ labName: "Export Lab" });
  files = makeTempDir("medi-test-export-files-");
  run = await must(
    lab.api<TestRunDetail>("POST", "/api/test-runs", {
      name: `Export ${hostile}`,
      items: [
        { title: "Boots", section: "Power", key: "power.Boot.cold" },
        { title: `Handover ${hostile}`, section: "Radio", key: "radio.Handover.lte" },
        { title: "Pairing", section: "Radio", key: "radio.Pairing" },
        { title: "=cmd|' /C calc'!A0", section: "Radio", key: "radio.Formula" },
        { title: "Alarm", section: "Alarms", key: "alarms.Alarm.high" },
        { title: "Untouched", section: "Alarms", key: "alarms.Untouched" },
      ],
    }),
    "create run",
  );
  await must(lab.api("PUT", `/api/test-runs/${run.id}/status`, { status: "running" }), "start");
  const item = (i: number) => run.items[i]?.id;
  await must(lab.api("PUT", `/api/test-runs/${run.id}/items/${item(0)}`, { status: "passed", durationMs: 1500 }), "r0");
  await must(
    lab.api("PUT", `/api/test-runs/${run.id}/items/${item(1)}`, { status: "failed", note: `Dropped ${hostile}` }),
    "r1",
  );
  await must(
    lab.api("POST", `/api/test-runs/${run.id}/results`, {
      results: [
        { key: "radio.Pairing", status: "blocked", note: "No second phone" },
        { key: "radio.Formula", status: "passed" },
        { key: "alarms.Alarm.high", status: "skipped" },
      ],
    }),
    "batch",
  );
  await must(lab.api("POST", `/api/test-runs/${run.id}/comments`, { itemId: item(1), body: `Again ${hostile}` }), "c");
  viewerToken = (await must(lab.api<{ token: string }>("POST", "/api/tokens", { name: "Wall", role: "viewer" }), "t"))
    .token;
});
afterAll(async () => {
  await lab.close();
  removeDir(lab.dataDir);
  removeDir(files);
});

const asViewer = () => ["--url", lab.url, "--token", viewerToken];
const expectedCounts: RunCounts = { total: 6, untested: 1, passed: 2, failed: 1, blocked: 1, skipped: 1, retest: 0 };

interface JsonReport {
  readonly format: string;
  readonly run: { readonly id: string; readonly name: string };
  readonly counts: RunCounts;
  readonly items: ReadonlyArray<{ readonly key: string }>;
  readonly comments: ReadonlyArray<{ readonly body: string }>;
  readonly series: ReadonlyArray<{ readonly done: number; readonly failed: number; readonly total: number }>;
  readonly server: { readonly labName: string | null };
}

describe("medi-test export", () => {
  it("json (the default) to stdout: the run, its counts, items, comments and progress from the event log", async () => {
    const result = await runCliProcess(["export", run.id, ...asViewer()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.format).toBe("medi-test.run-report/1");
    expect(report.run).toMatchObject({ id: run.id, name: `Export ${hostile}` });
    expect(report.counts).toEqual(expectedCounts);
    expect(report.items.map((i) => i.key)).toEqual([
      "power.Boot.cold",
      "radio.Handover.lte",
      "radio.Pairing",
      "radio.Formula",
      "alarms.Alarm.high",
      "alarms.Untouched",
    ]);
    expect(report.comments.map((c) => c.body)).toEqual([`Again ${hostile}`]);
    expect(report.server.labName).toBe("Export Lab");
    // Created (0 done), two people's results, then the batch of three as one point.
    expect(report.series.map((p) => [p.done, p.failed, p.total])).toEqual([
      [0, 0, 6],
      [1, 0, 6],
      [2, 1, 6],
      [5, 1, 6],
    ]);
  });

  it("csv with --out: UTF-8 with BOM, CRLF, one row per item, formulas neutralised; the confirmation on stdout", async () => {
    const out = join(files, "run.csv");
    const result = await runCliProcess(["export", run.id, "--format", "csv", "--out", out, ...asViewer()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^Wrote the csv report of run ${run.id} \\(6 items, \\d+ bytes\\) to .+run\\.csv\\.\\n$`),
    );
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    const records = text.split("\r\n");
    expect(records.at(-1)).toBe("");
    expect(records).toHaveLength(1 + 6 + 1);
    expect(records[0]).toBe("section,key,title,status,note,assignee,recorded by,recorded at,duration (s)");
    expect(records[1]).toMatch(/^Power,power\.Boot\.cold,Boots,passed,,,[^,]*,\d{4}-\d\d-\d\dT[\d:.]+Z,1\.5$/);
    expect(text).toContain(",'=cmd|' /C calc'!A0,");
    expect(text).not.toMatch(/(^|,)=cmd/m);

    const ja = await runCliProcess(["export", run.id, "--format", "csv", "--lang", "ja", ...asViewer()]);
    expect(ja.code).toBe(0);
    expect(ja.stdout.startsWith("\uFEFFセクション,キー,タイトル,ステータス,")).toBe(true);
  });

  it("junit: valid XML the server imports back with the same counts (blocked as an error)", async () => {
    const result = await runCliProcess(["export", run.id, "--format", "junit", ...asViewer()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(result.stdout).toContain('tests="6" failures="1" errors="1" skipped="2"');
    const response = await fetch(`${lab.url}/api/test-runs/junit?name=reimported`, {
      method: "POST",
      headers: { authorization: `Bearer ${lab.adminToken}`, "content-type": "application/xml" },
      body: result.stdout,
    });
    expect(response.status).toBe(201);
    const imported = (await response.json()) as { runId: string; counts: RunCounts };
    expect(imported.counts).toEqual({
      total: 6,
      passed: expectedCounts.passed,
      failed: expectedCounts.failed + expectedCounts.blocked,
      skipped: expectedCounts.skipped + expectedCounts.untested + expectedCounts.retest,
      blocked: 0,
      retest: 0,
      untested: 0,
    });
    const detail = await lab.api<TestRunDetail>("GET", `/api/test-runs/${imported.runId}`);
    expect(detail.body.items.map((i) => i.key).sort()).toEqual(run.items.map((i) => i.key).sort());
  });

  it("html with --out and --lang ja: one self-contained file, user text escaped; --json confirms as JSON", async () => {
    const out = join(files, "report.html");
    const result = await runCliProcess([
      "export",
      run.id,
      "--format",
      "html",
      "--lang",
      "ja",
      "--out",
      out,
      "--json",
      ...asViewer(),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const confirmation = JSON.parse(result.stdout) as { format: string; out: string; items: number; bytes: number };
    expect(confirmation).toMatchObject({ runId: run.id, format: "html", out, items: 6 });
    const html = readFileSync(out, "utf8");
    expect(Buffer.byteLength(html)).toBe(confirmation.bytes);
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).toContain("テストラン報告書");
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).toContain("Export &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('data-points="4"');

    const stdout = await runCliProcess(["export", run.id, "--format", "html", ...asViewer()]);
    expect(stdout.code).toBe(0);
    expect(stdout.stdout.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  });

  it("an unknown run is the server's 404 on one line, exit 1, and no file is written", async () => {
    const out = join(files, "missing.html");
    const result = await runCliProcess(["export", "no-such-run", "--format", "html", "--out", out, ...asViewer()]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(/^medi-test: the server refused \(404 \w+\): /);
    expect(existsSync(out)).toBe(false);
  });

  it("bad usage is exit 2; a file that cannot be written is exit 1", async () => {
    const format = await runCliProcess(["export", run.id, "--format", "pdf", ...asViewer()]);
    expect(format.code).toBe(2);
    expect(isOneLine(format.stderr)).toBe(true);
    const lang = await runCliProcess(["export", run.id, "--lang", "fr", ...asViewer()]);
    expect(lang.code).toBe(2);

    const unwritable = await runCliProcess([
      "export",
      run.id,
      "--out",
      join(files, "no", "such", "dir.json"),
      ...asViewer(),
    ]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/^medi-test: .+dir\.json: cannot be written \(ENOENT\)\n$/);
  });
});
