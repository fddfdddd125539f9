import { Effect } from "effect";
import { describe, expect, it } from "vitest";
import { Backups } from "../../../../server/application/ports/backups.ts";
import { toHttpError } from "../../../../server/http/run-effect.ts";
import { PgBackupsLive } from "../../../../server/infrastructure/adapters/postgres/pg-backups.ts";

describe("backups of a lab on PostgreSQL", () => {
  it("are refused with 409 not_available, saying pg_dump is the way; none are listed or found", async () => {
    const program = Effect.gen(function* () {
      const backups = yield* Backups;
      return {
        refusal: yield* Effect.flip(backups.create),
        list: yield* backups.list,
        found: yield* backups.find("medi-test-20261202T090000.000Z.sqlite"),
      };
    }).pipe(Effect.provide(PgBackupsLive));
    const { refusal, list, found } = await Effect.runPromise(program);
    const http = toHttpError(refusal);
    expect([http.status, http.code]).toEqual([409, "not_available"]);
    expect(http.message).toContain("pg_dump");
    expect(list).toEqual([]);
    expect(found).toBeUndefined();
  });
});
