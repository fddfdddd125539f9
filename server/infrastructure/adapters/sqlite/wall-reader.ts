import type Database from "better-sqlite3";
import type { TestRunSummary } from "../../../domain/test-run.ts";
import { type WallRun, wallLimits } from "../../../domain/wall-run.ts";
import { assembleWall, type WallRows } from "../wall-assembly.ts";

type FailureRow = WallRows["failures"][number];
type TesterRow = WallRows["testers"][number];
type ActivityRow = WallRows["activity"][number];
type FinishedRowSql = WallRows["slices"][number];

// The selected runs arrive as one JSON array parameter: no limit on how many, one statement each.
const selected = "run_id IN (SELECT value FROM json_each(?))";

/**
 * Reads what a wall shows of many runs with four aggregate queries over the items (newest
 * failures, people testing, last activity, results of the progress window), never the items
 * themselves; the domain's wallRunOf assembles each run.
 */
export const makeWallReader = (client: Database.Database) => {
  // Each reads an index (schema.ts) and only the rows it needs: a wall of 1,000 runs costs
  // about what 1,000 runs' newest rows cost, however many items they hold.
  const failures = client.prepare<[string, number], FailureRow>(
    `SELECT run_id, id, title, section, at, by FROM (
       SELECT run_id, id, title, section, updated_at AS at, updated_by AS by,
              row_number() OVER (PARTITION BY run_id ORDER BY updated_at DESC, id DESC) AS rn
       FROM items INDEXED BY items_failed_idx WHERE status = 'failed' AND ${selected}
     ) WHERE rn <= ?`,
  );
  const testers = client.prepare<[{ since: number; ids: string }], TesterRow>(
    `SELECT run_id, updated_by AS name, max(updated_at) AS at FROM items INDEXED BY items_run_updated_idx
       WHERE run_id IN (SELECT value FROM json_each(@ids)) AND updated_at >= @since AND updated_by IS NOT NULL
       GROUP BY run_id, updated_by
     UNION ALL
     SELECT run_id, assignee AS name, max(updated_at) AS at FROM items INDEXED BY items_assigned_idx
       WHERE run_id IN (SELECT value FROM json_each(@ids)) AND assignee IS NOT NULL AND status IN ('untested', 'retest')
       GROUP BY run_id, assignee`,
  );
  // Walks each run's items newest first and stops at the first with a result or a note.
  const activity = client.prepare<[string], ActivityRow>(
    `SELECT r.value AS run_id, (
       SELECT updated_at FROM items INDEXED BY items_run_updated_idx
       WHERE run_id = r.value AND (status <> 'untested' OR updated_by IS NOT NULL OR note IS NOT NULL)
       ORDER BY updated_at DESC LIMIT 1
     ) AS at FROM json_each(?) AS r`,
  );
  // The progress window's results per run in `points` equal time slices: each slice's count,
  // failures, newest time and distinct instants (fewer instants than results: a bulk import).
  // A CI import of 2,000 results reads as one row.
  const finished = client.prepare<[{ ids: string; since: number; points: number; span: number }], FinishedRowSql>(
    `SELECT run_id, CAST((updated_at - @since) * @points / @span AS INTEGER) AS slice,
            count(*) AS n, sum(status = 'failed') AS failed, max(updated_at) AS at,
            count(DISTINCT updated_at) AS instants
     FROM items INDEXED BY items_run_updated_idx
     WHERE run_id IN (SELECT value FROM json_each(@ids)) AND updated_at >= @since AND status IN ('passed', 'failed', 'blocked', 'skipped')
     GROUP BY run_id, slice ORDER BY run_id, slice`,
  );

  /** Call inside a read transaction, with the summaries read in the same one. */
  return (runs: ReadonlyArray<TestRunSummary>, now: number): WallRun[] => {
    if (runs.length === 0) return [];
    const ids = JSON.stringify(runs.map((run) => run.id));
    const window = wallLimits.progressWindowMs;
    return assembleWall(runs, {
      failures: failures.all(ids, wallLimits.failures),
      testers: testers.all({ since: now - wallLimits.testingWindowMs, ids }),
      activity: activity.all(ids),
      slices: finished.all({ ids, since: now - window, points: wallLimits.points, span: window + 1 }),
    });
  };
};
