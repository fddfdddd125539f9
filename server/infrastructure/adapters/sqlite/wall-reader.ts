import type Database from "better-sqlite3";
import type { ItemStatus } from "../../../domain/test-item.ts";
import type { TestRunSummary } from "../../../domain/test-run.ts";
import { type WallParts, type WallRun, wallLimits, wallRunOf } from "../../../domain/wall-run.ts";

interface FailureRow {
  readonly run_id: string;
  readonly id: string;
  readonly title: string;
  readonly section: string;
  readonly at: number;
  readonly by: string | null;
}
interface TesterRow {
  readonly run_id: string;
  readonly name: string;
  readonly at: number;
}
interface ActivityRow {
  readonly run_id: string;
  readonly at: number;
}
interface FinishedRowSql {
  readonly run_id: string;
  readonly at: number;
  readonly status: ItemStatus;
}

// The selected runs arrive as one JSON array parameter: no limit on how many, one statement each.
const selected = "run_id IN (SELECT value FROM json_each(?))";

/**
 * Reads what a wall shows of many runs with four aggregate queries over the items (newest
 * failures, people testing, last activity, results of the progress window), never the items
 * themselves; the domain's wallRunOf assembles each run.
 */
export const makeWallReader = (client: Database.Database) => {
  const failures = client.prepare<[string, number], FailureRow>(
    `SELECT run_id, id, title, section, at, by FROM (
       SELECT run_id, id, title, section, updated_at AS at, updated_by AS by,
              row_number() OVER (PARTITION BY run_id ORDER BY updated_at DESC, id DESC) AS rn
       FROM items WHERE status = 'failed' AND ${selected}
     ) WHERE rn <= ?`,
  );
  const testers = client.prepare<[{ since: number; ids: string }], TesterRow>(
    `SELECT run_id, updated_by AS name, max(updated_at) AS at FROM items
       WHERE updated_by IS NOT NULL AND updated_at >= @since AND run_id IN (SELECT value FROM json_each(@ids))
       GROUP BY run_id, updated_by
     UNION ALL
     SELECT run_id, assignee AS name, max(updated_at) AS at FROM items
       WHERE assignee IS NOT NULL AND status IN ('untested', 'retest') AND run_id IN (SELECT value FROM json_each(@ids))
       GROUP BY run_id, assignee`,
  );
  const activity = client.prepare<[string], ActivityRow>(
    `SELECT run_id, max(updated_at) AS at FROM items
       WHERE (status <> 'untested' OR updated_by IS NOT NULL OR note IS NOT NULL) AND ${selected}
       GROUP BY run_id`,
  );
  const finished = client.prepare<[string, number], FinishedRowSql>(
    `SELECT run_id, updated_at AS at, status FROM items
       WHERE status IN ('passed', 'failed', 'blocked', 'skipped') AND ${selected} AND updated_at >= ?
       ORDER BY run_id, updated_at, id`,
  );

  const group = <R extends { readonly run_id: string }>(rows: ReadonlyArray<R>): Map<string, R[]> => {
    const byRun = new Map<string, R[]>();
    for (const row of rows) {
      const list = byRun.get(row.run_id);
      if (list === undefined) byRun.set(row.run_id, [row]);
      else list.push(row);
    }
    return byRun;
  };

  /** Call inside a read transaction, with the summaries read in the same one. */
  return (runs: ReadonlyArray<TestRunSummary>, now: number): WallRun[] => {
    if (runs.length === 0) return [];
    const ids = JSON.stringify(runs.map((run) => run.id));
    const failed = group(failures.all(ids, wallLimits.failures));
    const people = group(testers.all({ since: now - wallLimits.testingWindowMs, ids }));
    const active = new Map(activity.all(ids).map((row) => [row.run_id, row.at]));
    const recent = group(finished.all(ids, now - wallLimits.progressWindowMs));
    return runs.map((run) => {
      const parts: WallParts = {
        failures: (failed.get(run.id) ?? [])
          .map((row) => ({ id: row.id, title: row.title, section: row.section, at: row.at, by: row.by }))
          .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)),
        testers: (people.get(run.id) ?? []).map((row) => ({ name: row.name, at: row.at })),
        lastActivityAt: active.get(run.id) ?? null,
        finished: (recent.get(run.id) ?? []).map((row) => ({ at: row.at, status: row.status })),
      };
      return wallRunOf(run, parts);
    });
  };
};
