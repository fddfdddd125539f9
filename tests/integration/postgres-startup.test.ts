import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir, removeDir } from "../support/lab-server.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { spawnServer } from "../support/server-process.ts";

interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the headless server to its end (it is expected to refuse to start). */
const runToEnd = (args: ReadonlyArray<string>): Promise<Ended> =>
  new Promise((done, fail) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("MEDI_TEST_")));
    const child = spawn(process.execPath, [resolve("server/main.ts"), "--host", "127.0.0.1", "--port", "0", ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`still running after 30 s:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });

const dirs: string[] = [];
const databases: TestDatabase[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) removeDir(dir);
  for (const database of databases.splice(0)) await database.drop();
});
const dataDir = () => {
  const dir = makeTempDir("medi-test-pg-start-");
  dirs.push(dir);
  return dir;
};
const database = async () => {
  const created = await createTestDatabase();
  databases.push(created);
  return created;
};

const expectRefusal = (ended: Ended, says: string) => {
  expect(ended.code).toBe(2);
  expect(ended.stderr).toContain(says);
  expect(ended.stderr).not.toMatch(/\n\s+at /);
  expect(ended.stdout).not.toContain("is running");
};

describe("starting on PostgreSQL", () => {
  it("an unreachable database: one clear line, exit code 2, the password never printed", async () => {
    const ended = await runToEnd([
      "--data-dir",
      dataDir(),
      "--database-url",
      "postgres://lab:s3cret-pass@127.0.0.1:1/medi",
    ]);
    expectRefusal(ended, "cannot reach the database at postgres://lab:***@127.0.0.1:1/medi");
    expect(ended.stderr).not.toContain("s3cret-pass");
  });

  it("a database written by a newer version is refused, and nothing in it changes", async () => {
    const db = await database();
    const first = await spawnServer(dataDir(), 0, ["--database-url", db.url]);
    await first.stop();
    await db.query('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES ($1, $2)', [
      "from-the-future",
      Date.now() + 10 * 365 * 86_400_000,
    ]);
    const before = await db.query("SELECT count(*) AS n FROM tokens");
    const ended = await runToEnd(["--data-dir", dataDir(), "--database-url", db.url]);
    expectRefusal(ended, "was written by a newer version of medi-test");
    expect(await db.query("SELECT count(*) AS n FROM tokens")).toEqual(before);
  });

  it("a database that is not medi-test's is refused untouched", async () => {
    const db = await database();
    await db.query("CREATE TABLE invoices (id integer PRIMARY KEY)");
    const ended = await runToEnd(["--data-dir", dataDir(), "--database-url", db.url]);
    expectRefusal(ended, "is not a medi-test database");
    expect(await db.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).toEqual([
      { table_name: "invoices" },
    ]);
  });

  it.each([
    [["--redis-url", "redis://127.0.0.1:6379"], "--redis-url"],
    [["--database-url", "mysql://127.0.0.1/medi"], "--database-url"],
    [["--database-url", "postgres://127.0.0.1/x", "--redis-url", "http://127.0.0.1"], "--redis-url"],
  ])("refuses %j at once, naming the flag", async (args, flag) => {
    expectRefusal(await runToEnd(["--data-dir", dataDir(), ...args]), flag);
  });
});

describe("starting with Redis", () => {
  it("an unreachable Redis: one clear line naming it, exit code 2", async () => {
    const db = await database();
    const ended = await runToEnd([
      "--data-dir",
      dataDir(),
      "--database-url",
      db.url,
      "--redis-url",
      "redis://:hush-hush@127.0.0.1:1",
    ]);
    expectRefusal(ended, "cannot reach Redis at redis://:***@127.0.0.1:1");
    expect(ended.stderr).toContain("ECONNREFUSED");
    expect(ended.stderr).not.toContain("hush-hush");
  });
});
