import { Effect, Layer } from "effect";
import { Backups } from "../../../application/ports/backups.ts";

/**
 * A lab on PostgreSQL is backed up by PostgreSQL's own tools (`pg_dump`, docs/deploy.md): the
 * built-in online copy is SQLite's. The server takes no automatic backups in this mode, and
 * lists none; asking for one is a defect that says where backups come from.
 */
export const PgBackupsLive = Layer.succeed(Backups, {
  create: Effect.die(
    new Error("A lab on PostgreSQL is backed up with pg_dump (docs/deploy.md), not by medi-test's online copy"),
  ),
  list: Effect.succeed([]),
});
