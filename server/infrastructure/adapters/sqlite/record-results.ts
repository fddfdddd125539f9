import type {
  Committed,
  NewItemRecord,
  ResultRecord,
  ResultsRecorded,
} from "../../../application/ports/test-run-repository.ts";
import { InvalidInput, NotFound } from "../../../domain/errors.ts";
import type { BatchPart } from "../../../domain/events.ts";
import { type RunCounts, shiftCounts } from "../../../domain/run-counts.ts";
import type { RunStatus } from "../../../domain/test-run.ts";
import type { EventLog } from "./event-log.ts";
import type { HotStatements } from "./hot-statements.ts";
import { countsOf, type ItemRow, type RunRow, toItem, toRunSummary } from "./row-mappers.ts";
import { abort } from "./transaction.ts";

/** What the bulk import borrows from the repository (it runs inside the repository's transaction). */
export interface RecordResultsTools {
  readonly log: EventLog;
  readonly hot: HotStatements;
  readonly requireRun: (id: string) => RunRow;
  readonly itemRows: (runId: string) => ItemRow[];
  readonly insertItems: (run: RunRow, records: ReadonlyArray<NewItemRecord>, now: number) => ItemRow[];
  readonly writeCounts: (runId: string, counts: RunCounts, now: number, extra?: Partial<RunRow>) => RunRow;
  readonly statusChange: (run: RunRow, to: RunStatus, now: number) => Partial<RunRow>;
}

/**
 * Resolves every result to an item (by id, by key, or a new item), refuses the whole import when
 * any result matches nothing, then applies them in order and writes one `batch` event whose parts
 * are the ordinary events a board already understands.
 */
export const recordResultsWith =
  (tools: RecordResultsTools) =>
  (
    runId: string,
    results: ReadonlyArray<ResultRecord>,
    actor: string | null,
    now: number,
  ): Committed<ResultsRecorded> => {
    const run = tools.requireRun(runId);
    const byId = new Map<string, ItemRow>();
    const byKey = new Map<string, ItemRow>();
    for (const row of tools.itemRows(runId)) {
      byId.set(row.id, row);
      if (row.key !== null && !byKey.has(row.key)) byKey.set(row.key, row);
    }

    const creating = new Map<string, NewItemRecord>();
    const unmatched: Array<{ readonly index: number; readonly itemId?: string; readonly key?: string }> = [];
    results.forEach((result, index) => {
      const match = result.match;
      if ("itemId" in match) {
        if (!byId.has(match.itemId)) unmatched.push({ index, itemId: match.itemId });
      } else if (!byKey.has(match.key) && !creating.has(match.key)) {
        if (match.create === null) unmatched.push({ index, key: match.key });
        else creating.set(match.key, match.create);
      }
    });
    if (unmatched.length > 0) {
      abort(
        new InvalidInput({
          reason: `${unmatched.length} of the results match no item of this run (send addMissing: true with titles to create them)`,
          details: unmatched.slice(0, 100),
        }),
      );
    }

    const parts: BatchPart[] = [];
    let counts = countsOf(run);
    const added = tools.insertItems(run, [...creating.values()], now);
    for (const row of added) {
      byId.set(row.id, row);
      if (row.key !== null) byKey.set(row.key, row);
      counts = shiftCounts(counts, null, "untested");
    }
    if (added.length > 0) parts.push({ type: "items_added", data: { items: added.map(toItem), counts } });

    const touched = new Map<string, ItemRow>();
    for (const result of results) {
      const match = result.match;
      const row = "itemId" in match ? byId.get(match.itemId) : byKey.get(match.key);
      if (row === undefined) abort(new NotFound({ entity: "item", id: "itemId" in match ? match.itemId : match.key }));
      const current = row as ItemRow;
      const patch = result.patch;
      const updated: ItemRow = {
        ...current,
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.note === undefined ? {} : { note: patch.note }),
        ...(patch.durationMs === undefined ? {} : { durationMs: patch.durationMs }),
        updatedAt: now,
        updatedBy: actor,
        version: current.version + 1,
      };
      if (!tools.hot.writeItem(updated)) abort(new NotFound({ entity: "item", id: current.id }));
      counts = shiftCounts(counts, current.status, updated.status);
      byId.set(updated.id, updated);
      if (updated.key !== null && byKey.get(updated.key)?.id === updated.id) byKey.set(updated.key, updated);
      touched.set(updated.id, updated);
      parts.push({
        type: "item_updated",
        itemId: updated.id,
        data: { item: toItem(updated), counts, previousStatus: current.status },
      });
    }

    const starts =
      run.status === "planned" && results.some((r) => r.patch.status !== undefined && r.patch.status !== "untested");
    const runChange: Partial<RunRow> = {
      nextPosition: run.nextPosition + added.length,
      ...(starts ? { ...tools.statusChange(run, "running", now), version: run.version + 1 } : {}),
    };
    const runAfter = tools.writeCounts(runId, counts, now, runChange);
    if (starts)
      parts.unshift({
        type: "status_changed",
        data: { status: runAfter.status, previousStatus: run.status, run: toRunSummary(runAfter) },
      });
    const event = tools.log.append("batch", runId, null, { events: parts }, now);
    return { value: { items: [...touched.values()].map(toItem), added: added.length, counts }, events: [event] };
  };
