/**
 * The server (or a restore) will not use this data dir: another process holds it, or its
 * database is not a medi-test database or comes from a newer version. The message is one line
 * for the lab lead; the headless entry prints it and exits with code 2, never a stack trace.
 */
export class DataDirRefusal extends Error {
  override readonly name = "DataDirRefusal";
}
