import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import {
  identifyDatabase,
  mediTestApplicationId,
  refusalFor,
} from "../../../server/infrastructure/adapters/sqlite/database-identity.ts";

/** Real SQLite databases in memory, shaped like the files the server may be pointed at. */
const known = [1_795_982_240_233, 1_796_000_000_000];
const open: Database.Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

const database = (setup: (db: Database.Database) => void): Database.Database => {
  const db = new Database(":memory:");
  open.push(db);
  setup(db);
  return db;
};

const withMigrations = (db: Database.Database, createdAt: ReadonlyArray<number>): void => {
  db.exec(
    'CREATE TABLE "__drizzle_migrations" (id INTEGER PRIMARY KEY, hash TEXT NOT NULL, created_at NUMERIC); CREATE TABLE runs (id TEXT)',
  );
  for (const at of createdAt)
    db.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)').run(`h${at}`, at);
};

describe("identifyDatabase", () => {
  it("calls a database without tables empty, also when it only has an empty migration table", () => {
    expect(
      identifyDatabase(
        database(() => undefined),
        known,
      ),
    ).toEqual({ kind: "empty" });
    expect(
      identifyDatabase(
        database((db) => db.exec('CREATE TABLE "__drizzle_migrations" (id INTEGER, hash TEXT, created_at NUMERIC)')),
        known,
      ),
    ).toEqual({ kind: "empty" });
  });

  it("knows a stamped database, and one from before the stamp by its first migration", () => {
    const stamped = database((db) => {
      db.pragma(`application_id = ${mediTestApplicationId}`);
      withMigrations(db, known.slice(0, 1));
    });
    expect(identifyDatabase(stamped, known)).toEqual({ kind: "medi-test", stamped: true });
    expect(
      identifyDatabase(
        database((db) => withMigrations(db, known)),
        known,
      ),
    ).toEqual({ kind: "medi-test", stamped: false });
  });

  it("calls a database with migrations after the newest it knows newer", () => {
    const newer = database((db) => {
      db.pragma(`application_id = ${mediTestApplicationId}`);
      withMigrations(db, [...known, 1_900_000_000_000, 1_900_000_000_001]);
    });
    const identity = identifyDatabase(newer, known);
    expect(identity).toEqual({ kind: "newer", unknownMigrations: 2 });
    expect(refusalFor("lab.sqlite", identity)).toMatch(
      /^lab\.sqlite was written by a newer version of medi-test \(2 database change/,
    );
  });

  it.each<[string, (db: Database.Database) => void, RegExp]>([
    ["another application's id", (db) => db.pragma("application_id = 7"), /application id is 0x00000007/],
    [
      "tables without a migration record",
      (db) => db.exec("CREATE TABLE runs (id TEXT)"),
      /no medi-test migration record/,
    ],
    [
      "another drizzle app's migrations, unstamped",
      (db) => withMigrations(db, [1_700_000_000_000]),
      /migration record is not medi-test's/,
    ],
    [
      "an unknown migration older than the newest known",
      (db) => {
        db.pragma(`application_id = ${mediTestApplicationId}`);
        withMigrations(db, [known[0] ?? 0, 1_795_990_000_000]);
      },
      /migration record is not medi-test's/,
    ],
  ])("calls a database with %s foreign", (_what, setup, reason) => {
    const identity = identifyDatabase(database(setup), known);
    expect(identity.kind).toBe("foreign");
    expect(refusalFor("x.sqlite", identity)).toMatch(reason);
  });
});
