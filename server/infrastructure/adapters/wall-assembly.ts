import type { TestRunSummary } from "../../domain/test-run.ts";
import { type FinishedRow, type WallParts, type WallRun, wallRunOf } from "../../domain/wall-run.ts";

/** What a store's wall queries return (times in ms), whatever the database. */
export interface WallRows {
  readonly failures: ReadonlyArray<{
    readonly run_id: string;
    readonly id: string;
    readonly title: string;
    readonly section: string;
    readonly at: number;
    readonly by: string | null;
  }>;
  readonly testers: ReadonlyArray<{ readonly run_id: string; readonly name: string; readonly at: number }>;
  readonly activity: ReadonlyArray<{ readonly run_id: string; readonly at: number | null }>;
  /**
   * Per run, per slice of the progress window, oldest slice first: results, failures, newest
   * time, and the distinct instants among them (fewer than the results: some came in bulk).
   */
  readonly slices: ReadonlyArray<{
    readonly run_id: string;
    readonly n: number;
    readonly failed: number;
    readonly at: number;
    readonly instants: number;
  }>;
}

const group = <R extends { readonly run_id: string }>(rows: ReadonlyArray<R>): Map<string, R[]> => {
  const byRun = new Map<string, R[]>();
  for (const row of rows) {
    const list = byRun.get(row.run_id);
    if (list === undefined) byRun.set(row.run_id, [row]);
    else list.push(row);
  }
  return byRun;
};

/** Each slice's newest time with the results (and failures) that came after it, oldest first. */
const afterEach = (slices: ReadonlyArray<WallRows["slices"][number]>): FinishedRow[] => {
  const rows: FinishedRow[] = [];
  let resultsAfter = 0;
  let failedAfter = 0;
  for (let i = slices.length - 1; i >= 0; i--) {
    const slice = slices[i];
    if (slice === undefined) continue;
    rows.push({
      at: slice.at,
      resultsAfter,
      failedAfter,
      ...(slice.instants < slice.n ? { bulkResults: slice.n } : {}),
    });
    resultsAfter += slice.n;
    failedAfter += slice.failed;
  }
  return rows.reverse();
};

/** The wall's runs from the rows of its four queries; the domain's wallRunOf assembles each. */
export const assembleWall = (runs: ReadonlyArray<TestRunSummary>, rows: WallRows): WallRun[] => {
  const failed = group(rows.failures);
  const people = group(rows.testers);
  const active = new Map(rows.activity.map((row) => [row.run_id, row.at]));
  const recent = group(rows.slices);
  return runs.map((run) => {
    const parts: WallParts = {
      failures: (failed.get(run.id) ?? [])
        .map((row) => ({ id: row.id, title: row.title, section: row.section, at: row.at, by: row.by }))
        .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1)),
      testers: (people.get(run.id) ?? []).map((row) => ({ name: row.name, at: row.at })),
      lastActivityAt: active.get(run.id) ?? null,
      finished: afterEach(recent.get(run.id) ?? []),
    };
    return wallRunOf(run, parts);
  });
};
