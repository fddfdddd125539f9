import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { isOneLine, runCliProcess } from "../support/cli-process.ts";
import { createRun, makeTempDir, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

// Each case starts the command several times, a second or more each on a busy machine.
vi.setConfig({ testTimeout: 180_000 });
/** The `medi-test` command in its own process against a real lab server (ephemeral port, temp SQLite). */
let lab: TestLab;
let files: string;

beforeAll(async () => {
  lab = await startTestLab();
  files = makeTempDir("medi-test-cli-files-");
});
afterAll(async () => {
  await lab.close();
  removeDir(lab.dataDir);
  removeDir(files);
});

const asAdmin = () => ["--url", lab.url, "--token", lab.adminToken];

interface CreatedTokenJson {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly token: string;
  readonly revokedAt: string | null;
}
interface TokenListJson {
  readonly tokens: ReadonlyArray<CreatedTokenJson>;
}

const json = <T>(text: string): T => JSON.parse(text) as T;

/** A port nothing listens on: bound, noted, closed. */
const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
};

describe("medi-test token", () => {
  it("creates, lists and revokes a token; --json output parses; the environment gives url and token", async () => {
    const created = await runCliProcess(["token", "create", "CI nightly", "--role", "tester", "--json", ...asAdmin()]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    const token = json<CreatedTokenJson>(created.stdout);
    expect(token).toMatchObject({ name: "CI nightly", role: "tester", revokedAt: null });
    expect(token.token.length).toBeGreaterThan(16);

    // The new token works against the API.
    const session = await lab.api("GET", "/api/session", undefined, { token: token.token });
    expect(session.body).toMatchObject({ name: "CI nightly", role: "tester" });

    const env = { MEDI_TEST_URL: lab.url, MEDI_TEST_TOKEN: lab.adminToken };
    const listed = await runCliProcess(["token", "list", "--json"], env);
    expect(listed.code).toBe(0);
    expect(json<TokenListJson>(listed.stdout).tokens.find((t) => t.id === token.id)).toMatchObject({
      name: "CI nightly",
      revokedAt: null,
    });
    const table = await runCliProcess(["token", "list"], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+ROLE\s+KIND\s+CREATED\s+STATE\s+NAME$/m);
    expect(table.stdout).toContain(`${token.id}  tester`);
    // The human output never shows secrets.
    expect(table.stdout).not.toContain(token.token);

    const revoked = await runCliProcess(["token", "revoke", token.id], env);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked tester token "CI nightly" (id ${token.id})`);
    const after = await runCliProcess(["token", "list", "--json"], env);
    expect(json<TokenListJson>(after.stdout).tokens.find((t) => t.id === token.id)?.revokedAt).not.toBeNull();
    const refused = await lab.api("GET", "/api/tokens", undefined, { token: token.token });
    expect(refused.status).toBe(401);
  });

  it("prints the secret once in its human output", async () => {
    const created = await runCliProcess(["token", "create", "Wall 1", "--role", "viewer", ...asAdmin()]);
    expect(created.code).toBe(0);
    const lines = created.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Created viewer token "Wall 1" \(id \S+\)\.$/);
    expect(lines.at(-1)).toMatch(/^\S{16,}$/);
  });

  it("an HTTP error prints the server's message on one line and exits 1", async () => {
    const tester = await lab.api<CreatedTokenJson>("POST", "/api/tokens", { name: "not admin", role: "tester" });
    const result = await runCliProcess(["token", "list", "--url", lab.url, "--token", tester.body.token]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(/^medi-test: the server refused \(403 \w+\): .+/);

    const noToken = await runCliProcess(["token", "list", "--url", lab.url]);
    expect(noToken.code).toBe(1);
    expect(isOneLine(noToken.stderr)).toBe(true);
    expect(noToken.stderr).toContain("(give a token with --token or MEDI_TEST_TOKEN)");
  });
});

describe("medi-test results", () => {
  it("records a JSON file's results in one request and prints the run's counts", async () => {
    const run = await createRun(lab, "CLI results", 2);
    const file = join(files, "results.json");
    writeFileSync(
      file,
      JSON.stringify({
        addMissing: true,
        results: [
          { itemId: run.items[0]?.id, status: "passed", durationMs: 1200 },
          { key: "cli.Smoke.boots", title: "Boots", section: "CLI", status: "failed", note: "exit 1" },
        ],
      }),
    );
    const result = await runCliProcess(["results", run.id, file, "--json", ...asAdmin()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const answer = json<{ added: number; counts: { total: number; passed: number; failed: number } }>(result.stdout);
    expect(answer.added).toBe(1);
    expect(answer.counts).toMatchObject({ total: 3, passed: 1, failed: 1 });
    const stored = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(stored.body.counts).toMatchObject({ total: 3, passed: 1, failed: 1, untested: 1 });

    // A bare array works too, and the human output sums the run up.
    const array = join(files, "array.json");
    writeFileSync(array, JSON.stringify([{ itemId: run.items[1]?.id, status: "blocked" }]));
    const human = await runCliProcess(["results", run.id, array, ...asAdmin()]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`Recorded 1 result in run ${run.id}.`);
    expect(human.stdout).toContain("1 passed, 1 failed, 1 blocked");
  });

  it("refuses a file that does not decode (exit 2, one line) and sends nothing", async () => {
    const run = await createRun(lab, "CLI bad file", 1);
    const bad = join(files, "bad-status.json");
    writeFileSync(bad, JSON.stringify({ results: [{ itemId: run.items[0]?.id, status: "exploded" }] }));
    const result = await runCliProcess(["results", run.id, bad, ...asAdmin()]);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toContain(`medi-test: ${bad}: results.0.status`);

    const notJson = join(files, "not.json");
    writeFileSync(notJson, "{ results: ");
    const broken = await runCliProcess(["results", run.id, notJson, ...asAdmin()]);
    expect(broken.code).toBe(2);
    expect(isOneLine(broken.stderr)).toBe(true);
    expect(broken.stderr).toContain("is not valid JSON");

    const missing = await runCliProcess(["results", run.id, join(files, "nope.json"), ...asAdmin()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot be read (ENOENT)");

    const stored = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    expect(stored.body.counts.untested).toBe(1);
  });

  it("a run the server does not know is the server's 404 message, exit 1", async () => {
    const file = join(files, "one.json");
    writeFileSync(file, JSON.stringify({ results: [{ key: "k", status: "passed" }] }));
    const result = await runCliProcess(["results", "no-such-run", file, ...asAdmin()]);
    expect(result.code).toBe(1);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(/^medi-test: the server refused \(404 \w+\): /);
  });
});

describe("medi-test pin set", () => {
  it("changes the lab PIN: testers sign in with the new one", async () => {
    const result = await runCliProcess(["pin", "set", "482916", ...asAdmin()]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const session = await lab.api("POST", "/api/session", { pin: "482916", name: "Aiko" }, { token: null });
    expect(session.status).toBe(201);

    const bad = await runCliProcess(["pin", "set", "12", ...asAdmin()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("medi-test: the PIN must be 4 to 12 digits\n");
  });

  it("reads the PIN from stdin when it is not given, so it stays out of the process list", async () => {
    const result = await runCliProcess(["pin", "set", ...asAdmin()], {}, 30_000, "735190\n");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const session = await lab.api("POST", "/api/session", { pin: "735190", name: "Aiko" }, { token: null });
    expect(session.status).toBe(201);
    // Nothing on stdin: refused as a bad PIN, nothing changed.
    const empty = await runCliProcess(["pin", "set", ...asAdmin()]);
    expect([empty.code, empty.stderr]).toEqual([2, "medi-test: the PIN must be 4 to 12 digits\n"]);
    expect((await lab.api("POST", "/api/session", { pin: "735190", name: "Aiko" }, { token: null })).status).toBe(201);
  });
});

describe("medi-test against no server", () => {
  it("an unreachable server is one line and exit 3", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await runCliProcess(["token", "list", "--url", url, "--token", lab.adminToken]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`medi-test: cannot reach the medi-test server at ${url}: connection refused\n`);

    const viaEnv = await runCliProcess(["token", "list"], { MEDI_TEST_URL: url, MEDI_TEST_TOKEN: "abc" });
    expect(viaEnv.code).toBe(3);
    expect(isOneLine(viaEnv.stderr)).toBe(true);
  });
});
