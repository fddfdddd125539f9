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

const failures: unknown[] = [];
const committerOf = (db: Database.Database) =>
  makeGroupCommitter(db, { onPublishFailure: (thrown) => failures.push(thrown) });

let client: Database.Database | undefined;
afterEach(() => {
  client?.close();
  failures.length = 0;
});

describe("group commit", () => {
  it("commits concurrent writes together, each in order, publishing after COMMIT and before settling", async () => {
    client = open();
    const db = client;
    const committer = committerOf(db);
    const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
    const seen: string[] = [];
    const outcomes = await Promise.all(
      ["a", "b", "c"].map((v) => {
        let id = 0;
        return new Promise<Outcome>((settle) =>
          committer.enqueue({
            work: () => {
              id = Number(insert.run(v).lastInsertRowid);
            },
            committed: () => {
              // Durable by now: no transaction is open.
              expect(db.inTransaction).toBe(false);
              seen.push(`${v}:${id}`);
            },
            settle: (outcome) => {
              seen.push(`settled ${v}`);
              settle(outcome);
            },
          }),
        );
      }),
    );
    expect(outcomes).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(seen).toEqual(["a:1", "b:2", "c:3", "settled a", "settled b", "settled c"]);
  });

  it("rolls back only the write that failed; the others commit and publish", async () => {
    client = open();
    const db = client;
    const committer = committerOf(db);
    const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
    const published: string[] = [];
    const write = (v: string, fail: boolean) =>
      new Promise<Outcome>((settle) =>
        committer.enqueue({
          work: () => {
            insert.run(v);
            if (fail) throw new Error(`no ${v}`);
          },
          committed: () => published.push(v),
          settle,
        }),
      );
    const [a, b, c] = await Promise.all([write("a", false), write("b", true), write("c", false)]);
    expect(a).toEqual({ ok: true });
    expect(b.ok).toBe(false);
    expect(c).toEqual({ ok: true });
    expect(published).toEqual(["a", "c"]);
    expect(db.prepare("SELECT v FROM t ORDER BY id").all()).toEqual([{ v: "a" }, { v: "c" }]);
  });

  it("a lone write that fails leaves nothing behind and publishes nothing", async () => {
    client = open();
    const db = client;
    const committer = committerOf(db);
    let published = false;
    const outcome = await new Promise<Outcome>((settle) =>
      committer.enqueue({
        work: () => {
          db.prepare("INSERT INTO t (v) VALUES ('x')").run();
          throw new Error("refused");
        },
        committed: () => {
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

  it("a publish that throws is reported, and the durable write still succeeds, as do the ones after it", async () => {
    client = open();
    const db = client;
    const committer = committerOf(db);
    const insert = db.prepare<[string]>("INSERT INTO t (v) VALUES (?)");
    const published: string[] = [];
    const write = (v: string, publishThrows: boolean) =>
      new Promise<Outcome>((settle) =>
        committer.enqueue({
          work: () => {
            insert.run(v);
          },
          committed: () => {
            if (publishThrows) throw new Error(`hub refused ${v}`);
            published.push(v);
          },
          settle,
        }),
      );
    const outcomes = await Promise.all([write("a", true), write("b", false)]);
    expect(outcomes).toEqual([{ ok: true }, { ok: true }]);
    expect(published).toEqual(["b"]);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain("hub refused a");
    expect(db.prepare("SELECT v FROM t ORDER BY id").all()).toEqual([{ v: "a" }, { v: "b" }]);
  });
});
