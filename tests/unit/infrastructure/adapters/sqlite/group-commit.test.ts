import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  makeGroupCommitter,
  type PendingWrite,
} from "../../../../../server/infrastructure/adapters/sqlite/group-commit.ts";

type Outcome = Parameters<PendingWrite["settle"]>[0];

const open = () => {
  const client = new Database(":memory:");
  client.exec("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL)");
  return client;
};

let client: Database.Database | undefined;
afterEach(() => client?.close());

describe("group commit", () => {
  it("commits concurrent writes together, each in order, publishing after COMMIT and before settling", async () => {
    client = open();
    const db = client;
    const committer = makeGroupCommitter(db);
    const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
    const seen: string[] = [];
    const outcomes = await Promise.all(
      ["a", "b", "c"].map(
        (v) =>
          new Promise<Outcome>((settle) =>
            committer.enqueue({
              work: () => Number(insert.run(v).lastInsertRowid),
              afterCommit: (result) => {
                // Durable by now: a separate read sees the row, and no transaction is open.
                expect(db.inTransaction).toBe(false);
                seen.push(`${v}:${String(result)}`);
              },
              settle: (outcome) => {
                seen.push(`settled ${v}`);
                settle(outcome);
              },
            }),
          ),
      ),
    );
    expect(outcomes).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
      { ok: true, value: 3 },
    ]);
    expect(seen).toEqual(["a:1", "b:2", "c:3", "settled a", "settled b", "settled c"]);
  });

  it("rolls back only the write that failed; the others commit and publish", async () => {
    client = open();
    const db = client;
    const committer = makeGroupCommitter(db);
    const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
    const published: string[] = [];
    const write = (v: string, fail: boolean) =>
      new Promise<Outcome>((settle) =>
        committer.enqueue({
          work: () => {
            insert.run(v);
            if (fail) throw new Error(`no ${v}`);
            return v;
          },
          afterCommit: () => published.push(v),
          settle,
        }),
      );
    const [a, b, c] = await Promise.all([write("a", false), write("b", true), write("c", false)]);
    expect(a).toEqual({ ok: true, value: "a" });
    expect(b.ok).toBe(false);
    expect(c).toEqual({ ok: true, value: "c" });
    expect(published).toEqual(["a", "c"]);
    expect(db.prepare("SELECT v FROM t ORDER BY id").all()).toEqual([{ v: "a" }, { v: "c" }]);
  });

  it("a lone write that fails leaves nothing behind and publishes nothing", async () => {
    client = open();
    const db = client;
    const committer = makeGroupCommitter(db);
    let published = false;
    const outcome = await new Promise<Outcome>((settle) =>
      committer.enqueue({
        work: () => {
          db.prepare("INSERT INTO t (v) VALUES ('x')").run();
          throw new Error("refused");
        },
        afterCommit: () => {
          published = true;
        },
        settle,
      }),
    );
    expect(outcome.ok).toBe(false);
    expect(published).toBe(false);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 0 });
  });
});
