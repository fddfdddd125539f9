import { createReadStream } from "node:fs";
import { Effect } from "effect";
import type { FastifyInstance } from "fastify";
import { findBackup, listBackups, takeBackup } from "../../application/usecases/take-backup.ts";
import { BackupInfo, BackupList, BackupParams } from "../../domain/backup-info.ts";
import { decodeInput } from "../decode.ts";
import type { HttpContext } from "../http-context.ts";
import type { RouteDoc } from "../openapi.ts";
import { attempt, guardEffect, replyError, route, runRequest } from "../route-spec.ts";

/**
 * Backups over the API (admin): take one now (before an upgrade, from a script), list them, and
 * download one to keep it off the lab PC. The server takes them itself, so the copy is consistent
 * while it keeps serving; a lab on PostgreSQL answers 409 (pg_dump is its backup).
 */
export const backupRoutes = [
  route({
    method: "POST",
    url: "/api/backups",
    summary: "Take an online backup of the lab database now (SQLite; 409 on PostgreSQL, backed up with pg_dump)",
    tag: "backups",
    role: "admin",
    status: 201,
    response: BackupInfo,
    handler: () => takeBackup(),
  }),
  route({
    method: "GET",
    url: "/api/backups",
    summary: "The backups in the server's data dir, oldest first",
    tag: "backups",
    role: "admin",
    response: BackupList,
    handler: () => Effect.map(listBackups(), (backups) => ({ backups })),
  }),
];

const downloadUrl = "/api/backups/:name";

export const registerBackupDownload = (app: FastifyInstance, ctx: HttpContext): void => {
  app.get(downloadUrl, async (request, reply) => {
    try {
      const backup = await runRequest(
        ctx,
        request,
        Effect.gen(function* () {
          yield* guardEffect(ctx, request, "GET", "admin");
          const params = yield* attempt(() => decodeInput(BackupParams, request.params, "params"));
          return yield* findBackup(params.name);
        }),
      );
      return reply
        .type("application/vnd.sqlite3")
        .header("content-length", String(backup.bytes))
        .header("content-disposition", `attachment; filename="${backup.name}"`)
        .header("cache-control", "no-store")
        .send(createReadStream(backup.file));
    } catch (error) {
      return replyError(reply, error);
    }
  });
};

export const backupRouteDocs: ReadonlyArray<RouteDoc> = [
  {
    method: "GET",
    url: downloadUrl,
    summary: "Download a backup (application/vnd.sqlite3): restore it with `medi-test restore <file>`",
    tag: "backups",
    role: "admin",
    params: BackupParams,
  },
];
