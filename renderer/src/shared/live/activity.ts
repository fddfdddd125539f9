import { type Comment, type ItemStatus, type LiveEvent, type RunStatus, type TestItem, timeOf } from "./wire.ts";

/** Feed lines and comments kept per page (newest first). */
export const activityLimits = {
  activity: 200,
  comments: 500,
} as const;

export type ActivityKind = "result" | "comment" | "claim" | "status" | "created" | "items" | "batch";

/** What a bulk import recorded: results (status changes) in all, and how many passed and failed. */
export interface BatchTally {
  readonly results: number;
  readonly passed: number;
  readonly failed: number;
}

export interface ActivityEntry {
  readonly seq: number;
  readonly runId: string;
  readonly at: number;
  readonly kind: ActivityKind;
  readonly actor: string | null;
  readonly itemId: string | null;
  readonly title: string | null;
  readonly status: ItemStatus | null;
  readonly runStatus: RunStatus | null;
  readonly body: string | null;
  readonly count: number | null;
  /** For a `batch` line only. */
  readonly tally: BatchTally | null;
}

const entry = (
  base: Omit<ActivityEntry, "actor" | "itemId" | "title" | "status" | "runStatus" | "body" | "count" | "tally"> &
    Partial<ActivityEntry>,
): ActivityEntry => ({
  actor: null,
  itemId: null,
  title: null,
  status: null,
  runStatus: null,
  body: null,
  count: null,
  tally: null,
  ...base,
});

/**
 * The feed line an event makes, if any. `previous` is the item as it was before (to tell a claim
 * from a note edit); `titleOf` names an item for comments.
 */
export const activityOf = (
  event: LiveEvent,
  previous: TestItem | undefined,
  titleOf: (runId: string, itemId: string) => string | null,
): ActivityEntry | null => {
  switch (event.kind) {
    case "item_updated": {
      const { item } = event;
      const base = {
        seq: event.seq,
        runId: event.runId,
        at: event.at,
        actor: item.updatedBy,
        itemId: item.id,
        title: item.title,
        status: item.status,
      };
      if (event.previousStatus !== item.status) return entry({ ...base, kind: "result" });
      if (item.assignee !== null && item.assignee !== (previous?.assignee ?? null))
        return entry({ ...base, kind: "claim", actor: item.assignee });
      return null;
    }
    case "comment_added": {
      const { comment } = event;
      return entry({
        seq: event.seq,
        runId: event.runId,
        at: event.at,
        kind: "comment",
        actor: comment.author,
        itemId: comment.itemId,
        title: comment.itemId === null ? null : titleOf(event.runId, comment.itemId),
        body: comment.body,
      });
    }
    case "status_changed":
      return entry({ seq: event.seq, runId: event.run.id, at: event.at, kind: "status", runStatus: event.status });
    case "run_created":
      return entry({
        seq: event.seq,
        runId: event.run.id,
        at: event.at,
        kind: "created",
        count: event.run.counts.total,
      });
    case "items_added":
      return entry({ seq: event.seq, runId: event.runId, at: event.at, kind: "items", count: event.items.length });
    default:
      return null;
  }
};

const batchLine = (group: ReadonlyArray<ActivityEntry>): ActivityEntry => {
  const results = group.filter((line) => line.kind === "result");
  const last = group[group.length - 1] as ActivityEntry;
  if (results.length === 0) return last;
  if (results.length === 1) return results[0] as ActivityEntry;
  const named = results.findLast((line) => line.actor !== null);
  return entry({
    seq: last.seq,
    runId: last.runId,
    at: last.at,
    kind: "batch",
    actor: named?.actor ?? null,
    tally: {
      results: results.length,
      passed: results.filter((line) => line.status === "passed").length,
      failed: results.filter((line) => line.status === "failed").length,
    },
  });
};

/**
 * One feed line per event: the parts of a bulk import (`batch`) share its seq and come one after
 * another; their lines become one line with the import's counts ("CI nightly: 911 results, 880 ✓
 * 31 ✗"). A batch that changed one result keeps that result's own line. Other lines pass as they are.
 */
export const foldBatches = (lines: ReadonlyArray<ActivityEntry>): ReadonlyArray<ActivityEntry> => {
  const folded: ActivityEntry[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index] as ActivityEntry;
    let end = index + 1;
    while (end < lines.length && (lines[end] as ActivityEntry).seq === first.seq) end++;
    folded.push(end - index === 1 ? first : batchLine(lines.slice(index, end)));
    index = end;
  }
  return folded;
};

/** Merges feed entries by seq, newest first, bounded. */
export const mergeActivity = (
  current: ReadonlyArray<ActivityEntry>,
  more: ReadonlyArray<ActivityEntry>,
): ReadonlyArray<ActivityEntry> => {
  if (more.length === 0) return current;
  const bySeq = new Map<number, ActivityEntry>();
  for (const item of current) bySeq.set(item.seq, item);
  for (const item of more) bySeq.set(item.seq, item);
  return [...bySeq.values()].sort((a, b) => b.seq - a.seq).slice(0, activityLimits.activity);
};

/** Merges comments by id, newest first, bounded. */
export const mergeComments = (
  current: ReadonlyArray<Comment>,
  more: ReadonlyArray<Comment>,
): ReadonlyArray<Comment> => {
  if (more.length === 0) return current;
  const byId = new Map<string, Comment>();
  for (const comment of current) byId.set(comment.id, comment);
  for (const comment of more) byId.set(comment.id, comment);
  return [...byId.values()]
    .sort((a, b) => timeOf(b.createdAt) - timeOf(a.createdAt) || (a.id < b.id ? 1 : -1))
    .slice(0, activityLimits.comments);
};
