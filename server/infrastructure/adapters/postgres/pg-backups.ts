import { Effect, Layer } from "effect";
import { Backups } from "../../../application/ports/backups.ts";
import { NotAvailable } from "../../../domain/errors.ts";

/**
 * A lab on PostgreSQL is backed up by PostgreSQL's own tools (`pg_dump`, docs/deploy.md): the
 * built-in online copy is SQLite's. The server takes no automatic backups in this mode, lists
 * none, and answers a request for one with a refusal that says where backups come from.
 */
export const PgBackupsLive = Layer.succeed(Backups, {
  create: Effect.fail(
    new NotAvailable({
      reason: "A lab on PostgreSQL is backed up with pg_dump (docs/deploy.md), not by medi-test's online copy",
    }),
  ),
  list: Effect.succeed([]),
  find: () => Effect.succeed(undefined),
});
