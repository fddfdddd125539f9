import type { TestRunSummary } from "../../../domain/test-run.ts";
import { type WallRun, wallLimits } from "../../../domain/wall-run.ts";
import { assembleWall } from "../wall-assembly.ts";
import type { Queryable } from "./pg-event-log.ts";

type Text = string;

/**
 * The wall's four aggregate queries on PostgreSQL (the SQLite reader's twin): newest failures,
 * people testing, last activity and the progress window's slices, over the indexes of
 * schema.ts; never the items themselves.
 */
export const readWallPg = async (
  db: Queryable,
  runs: ReadonlyArray<TestRunSummary>,
  now: number,
): Promise<WallRun[]> => {
  if (runs.length === 0) return [];
  const ids = runs.map((run) => run.id);
  const window = wallLimits.progressWindowMs;
  const [failures, testers, activity, slices] = await Promise.all([
    db.query<{ run_id: Text; id: Text; title: Text; section: Text; at: string; by: Text | null }>(
      `SELECT run_id, id, title, section, at, by FROM (
         SELECT run_id, id, title, section, updated_at AS at, updated_by AS by,
                row_number() OVER (PARTITION BY run_id ORDER BY updated_at DESC, id DESC) AS rn
         FROM items WHERE status = 'failed' AND run_id = ANY($1::text[])
       ) AS ranked WHERE rn <= $2`,
      [ids, wallLimits.failures],
    ),
    db.query<{ run_id: Text; name: Text; at: string }>(
      `SELECT run_id, updated_by AS name, max(updated_at) AS at FROM items
         WHERE run_id = ANY($1::text[]) AND updated_at >= $2 AND updated_by IS NOT NULL
         GROUP BY run_id, updated_by
       UNION ALL
       SELECT run_id, assignee AS name, max(updated_at) AS at FROM items
         WHERE run_id = ANY($1::text[]) AND assignee IS NOT NULL AND status IN ('untested', 'retest')
         GROUP BY run_id, assignee`,
      [ids, now - wallLimits.testingWindowMs],
    ),
    db.query<{ run_id: Text; at: string | null }>(
      `SELECT r.id AS run_id, (
         SELECT updated_at FROM items
         WHERE run_id = r.id AND (status <> 'untested' OR updated_by IS NOT NULL OR note IS NOT NULL)
         ORDER BY updated_at DESC LIMIT 1
       ) AS at FROM unnest($1::text[]) AS r(id)`,
      [ids],
    ),
    db.query<{ run_id: Text; n: string; failed: string; at: string; instants: string }>(
      `SELECT run_id, floor((updated_at - $2) * $3 / $4)::int AS slice,
              count(*) AS n, count(*) FILTER (WHERE status = 'failed') AS failed, max(updated_at) AS at,
              count(DISTINCT updated_at) AS instants
       FROM items
       WHERE run_id = ANY($1::text[]) AND updated_at >= $2 AND status IN ('passed', 'failed', 'blocked', 'skipped')
       GROUP BY run_id, slice ORDER BY run_id, slice`,
      [ids, now - window, wallLimits.points, window + 1],
    ),
  ]);
  return assembleWall(runs, {
    failures: failures.rows.map((row) => ({ ...row, at: Number(row.at) })),
    testers: testers.rows.map((row) => ({ ...row, at: Number(row.at) })),
    activity: activity.rows.map((row) => ({ run_id: row.run_id, at: row.at === null ? null : Number(row.at) })),
    slices: slices.rows.map((row) => ({
      run_id: row.run_id,
      n: Number(row.n),
      failed: Number(row.failed),
      at: Number(row.at),
      instants: Number(row.instants),
    })),
  });
};
