import Database from "better-sqlite3";
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { isOneLine, runCliProcess } from "../support/cli-process.ts";
import { makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

vi.setConfig({ testTimeout: 180_000 });

/** `medi-test import junit` and `medi-test backup` in their own processes against a real lab server. */
let lab: TestLab;
let files: string;
let testerToken: string;

const fixture = (name: string): string => resolve(import.meta.dirname, "../fixtures/junit", name);

beforeAll(async () => {
  lab = await startTestLab();
  files = makeTempDir("medi-test-cli-import-");
  const created = await lab.api<{ token: string }>("POST", "/api/tokens", { name: "CI nightly", role: "tester" });
  testerToken = created.body.token;
});
afterAll(async () => {
  await lab.close();
  removeDir(lab.dataDir);
  removeDir(files);
});

const asTester = () => ["--url", lab.url, "--token", testerToken];
const asAdmin = () => ["--url", lab.url, "--token", lab.adminToken];

interface ImportJson {
  readonly runId: string;
  readonly files: ReadonlyArray<{ file: string; cases: number; results: number; failed: number; added: number }>;
  readonly counts: { total: number; passed: number; failed: number; skipped: number; untested: number };
}

const runDetail = async (id: string) => (await lab.api<TestRunDetail>("GET", `/api/test-runs/${id}`)).body;

describe("medi-test import junit", () => {
  it("creates a run from several files with --new, exact counts, one upload per file", async () => {
    const result = await runCliProcess([
      "import",
      "junit",
      fixture("surefire.xml"),
      fixture("pytest.xml"),
      fixture("playwright.xml"),
      "--new",
      "Nightly 1.4",
      "--json",
      ...asTester(),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout) as ImportJson;
    expect(answer.files.map((f) => [f.cases, f.results, f.failed])).toEqual([
      [7, 7, 3],
      [10, 8, 3],
      [5, 5, 1],
    ]);
    // The first file made the run with its items; the others added theirs.
    expect(answer.files.map((f) => f.added)).toEqual([7, 8, 5]);
    expect(answer.counts).toMatchObject({ total: 20, passed: 10, failed: 7, skipped: 3, untested: 0 });
    const run = await runDetail(answer.runId);
    expect(run.name).toBe("Nightly 1.4");
    expect(run.items).toHaveLength(20);
  });

  it("records into an existing run with --run, flags after the files, and prints a line per file", async () => {
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Release gate" });
    const result = await runCliProcess([
      "import",
      "junit",
      fixture("gotestsum.xml"),
      "--run",
      created.body.id,
      ...asTester(),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("gotestsum.xml: 6 results (4 passed, 1 failed, 1 skipped, 1 flaky), 6 new items");
    expect(result.stdout).toContain(`Run ${created.body.id} now: 4 passed, 1 failed`);
    // --no-add-missing: a file with unknown cases is refused by the server, nothing recorded.
    const refused = await runCliProcess([
      "import",
      "junit",
      fixture("surefire.xml"),
      "--run",
      created.body.id,
      "--no-add-missing",
      ...asTester(),
    ]);
    expect(refused.code).toBe(1);
    expect(isOneLine(refused.stderr)).toBe(true);
    expect((await runDetail(created.body.id)).items).toHaveLength(6);
  });

  it("checks every file before sending any: one malformed file, exit 2 with its line, the run unchanged", async () => {
    const created = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name: "Untouched" });
    const broken = join(files, "broken.xml");
    writeFileSync(broken, '<testsuite name="s">\n  <testcase classname="a" name="b">\n</testsuite>\n');
    const result = await runCliProcess([
      "import",
      "junit",
      fixture("surefire.xml"),
      broken,
      "--run",
      created.body.id,
      ...asTester(),
    ]);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toContain("broken.xml");
    expect(result.stderr).toMatch(/line 3/);
    expect(result.stdout).toBe("");
    expect((await runDetail(created.body.id)).items).toHaveLength(0);

    for (const unsafe of ["billion-laughs.xml", "external-entity.xml"]) {
      const refused = await runCliProcess([
        "import",
        "junit",
        fixture(unsafe),
        "--run",
        created.body.id,
        ...asTester(),
      ]);
      expect(refused.code).toBe(2);
      expect(isOneLine(refused.stderr)).toBe(true);
    }
    const missing = await runCliProcess(["import", "junit", join(files, "nope.xml"), "--new", "x", ...asTester()]);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      `medi-test: ${join(files, "nope.xml")}: cannot be read (ENOENT)`,
    ]);
    expect((await runDetail(created.body.id)).items).toHaveLength(0);
  });

  it("bad usage is one line and exit 2: neither or both of --run and --new", async () => {
    for (const args of [[], ["--run", "r1", "--new", "n"]]) {
      const result = await runCliProcess(["import", "junit", fixture("pytest.xml"), ...args, ...asTester()]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe("medi-test: give either --run <id> or --new <name>");
    }
  });
});

describe("medi-test backup", () => {
  it("takes an online backup, downloads it with --out, lists it; the copy restores into a new data dir", async () => {
    await lab.api("POST", "/api/test-runs", { name: "Kept in the backup", items: [{ title: "One" }] });
    const out = join(files, "lab.sqlite");
    const result = await runCliProcess(["backup", "--out", out, "--json", ...asAdmin()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const taken = JSON.parse(result.stdout) as {
      backup: { name: string; file: string; bytes: number };
      savedTo: string;
    };
    expect(taken.savedTo).toBe(out);
    expect(taken.backup.file.startsWith(join(lab.dataDir, "backups"))).toBe(true);
    expect(statSync(out).size).toBe(taken.backup.bytes);
    expect(readFileSync(out)).toEqual(readFileSync(taken.backup.file));
    expect(existsSync(`${out}.partial`)).toBe(false);
    const db = new Database(out, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      expect(db.prepare("SELECT name FROM runs WHERE name = ?").get("Kept in the backup")).toBeDefined();
    } finally {
      db.close();
    }

    const listed = await runCliProcess(["backup", "--list", ...asAdmin()]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^CREATED\s+SIZE\s+NAME$/m);
    expect(listed.stdout).toContain(taken.backup.name);

    // The downloaded copy is what `medi-test restore` takes.
    const dataDir = makeTempDir("medi-test-restored-");
    try {
      const copy = join(files, "copy.sqlite");
      copyFileSync(out, copy);
      const restored = await runCliProcess(["restore", copy, "--data-dir", dataDir]);
      expect(restored.stderr).toBe("");
      expect(restored.code).toBe(0);
      expect(existsSync(join(dataDir, "medi-test.sqlite"))).toBe(true);
    } finally {
      removeDir(dataDir);
    }
  });

  it("needs the admin token; a name that is not a backup is refused; --list with --out is bad usage", async () => {
    const asTesterResult = await runCliProcess(["backup", ...asTester()]);
    expect(asTesterResult.code).toBe(1);
    expect(isOneLine(asTesterResult.stderr)).toBe(true);
    expect(asTesterResult.stderr).toContain("403");
    for (const name of ["medi-test.sqlite", "..%2Fmedi-test.sqlite", "medi-test-20260101T000000.000Z.sqlite"]) {
      const response = await lab.api("GET", `/api/backups/${name}`);
      expect([400, 404]).toContain(response.status);
      expect(response.body.error?.code).toMatch(/^(invalid_params|not_found)$/);
    }
    const both = await runCliProcess(["backup", "--list", "--out", join(files, "x.sqlite"), ...asAdmin()]);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe("medi-test: --list and --out do not go together: --out saves a new backup");
  });
});
