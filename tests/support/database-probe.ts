import Database from "better-sqlite3";

export type TableDump = Record<string, ReadonlyArray<string>>;

/**
 * A second, read-only connection to the lab's SQLite file, as an outside observer would open it.
 * It never writes, so it cannot disturb the server; `close()` it before the lab closes.
 */
export const openDatabaseProbe = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  const tableNames = (): string[] =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all()
      .filter((name): name is string => typeof name === "string");
  const rows = (table: string): unknown[] => db.prepare(`SELECT * FROM "${table.replaceAll('"', '""')}"`).all();
  return {
    /** Changes whenever another connection commits, even a commit that rewrites equal values. */
    dataVersion: (): number => Number(db.pragma("data_version", { simple: true })),
    /** Every row of every table (and the schema), each table's rows sorted so row order never matters. */
    dump: (): TableDump => {
      const dump: Record<string, string[]> = {
        sqlite_master: db
          .prepare("SELECT type, name, sql FROM sqlite_master")
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      };
      for (const table of tableNames())
        dump[table] = rows(table)
          .map((row) => JSON.stringify(row))
          .sort();
      return dump;
    },
    rows,
    close: (): void => {
      db.close();
    },
  };
};

export type DatabaseProbe = ReturnType<typeof openDatabaseProbe>;
