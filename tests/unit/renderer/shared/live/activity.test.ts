import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ActivityEntry,
  activityLimits,
  activityOf,
  foldBatches,
  mergeActivity,
  mergeComments,
} from "../../../../../renderer/src/shared/live/activity.ts";
import { type LiveEvent, liveEventsOf, type WireEvent } from "../../../../../renderer/src/shared/live/wire.ts";
import {
  baseTime,
  countsOf,
  iso,
  makeComment,
  makeItem,
  makeRun,
  received,
  summaryOf,
  wire,
} from "../../support/live-fixtures.ts";

const decoded = (event: WireEvent): LiveEvent => {
  const [first] = liveEventsOf(received(event));
  if (first === undefined) throw new Error(`${event.type} did not decode`);
  return first;
};

const noTitles = () => null;

const line = (seq: number): ActivityEntry => ({
  seq,
  runId: "run-1",
  at: baseTime + seq,
  kind: "result",
  actor: null,
  itemId: null,
  title: null,
  status: null,
  runStatus: null,
  body: null,
  count: null,
  tally: null,
});

describe("activityOf", () => {
  const before = makeItem("a", { title: "Handover 5G→LTE" });

  it("a changed result is a result line by whoever recorded it", () => {
    const item = { ...before, status: "failed" as const, updatedBy: "Ken", version: 2 };
    const event = decoded(
      wire(5, "item_updated", "run-1", { item, counts: countsOf([item]), previousStatus: "untested" }),
    );
    expect(activityOf(event, before, noTitles)).toMatchObject({
      seq: 5,
      kind: "result",
      actor: "Ken",
      title: "Handover 5G→LTE",
      status: "failed",
      at: baseTime + 5_000,
    });
  });

  it("the event's previousStatus tells whether the result changed, whatever the page held before", () => {
    const item = { ...before, status: "passed" as const, updatedBy: "Ken" };
    const counts = countsOf([item]);
    const changed = decoded(wire(5, "item_updated", "run-1", { item, counts, previousStatus: "untested" }));
    expect(activityOf(changed, item, noTitles)?.kind).toBe("result");
    const same = decoded(wire(6, "item_updated", "run-1", { item, counts, previousStatus: "passed" }));
    expect(activityOf(same, before, noTitles)).toBeNull();
  });

  it("taking an item is a claim by the assignee; a note edit is no line", () => {
    const claimed = { ...before, assignee: "Aiko", updatedBy: "Aiko" };
    const claim = decoded(
      wire(6, "item_updated", "run-1", { item: claimed, counts: countsOf([claimed]), previousStatus: "untested" }),
    );
    expect(activityOf(claim, before, noTitles)).toMatchObject({ kind: "claim", actor: "Aiko" });
    const noted = { ...claimed, note: "RX low" };
    const note = decoded(
      wire(7, "item_updated", "run-1", { item: noted, counts: countsOf([noted]), previousStatus: "untested" }),
    );
    expect(activityOf(note, claimed, noTitles)).toBeNull();
  });

  it("a comment names its item through titleOf", () => {
    const comment = makeComment("c", { itemId: "a", author: "Ken", body: "flaky" });
    const event = decoded(wire(8, "comment_added", "run-1", { comment }));
    const titles = (runId: string, itemId: string) => (runId === "run-1" && itemId === "a" ? "Handover" : null);
    expect(activityOf(event, undefined, titles)).toMatchObject({
      kind: "comment",
      actor: "Ken",
      itemId: "a",
      title: "Handover",
      body: "flaky",
    });
    const runComment = decoded(wire(9, "comment_added", "run-1", { comment: makeComment("d") }));
    expect(activityOf(runComment, undefined, titles)).toMatchObject({ kind: "comment", title: null, itemId: null });
  });

  it("status changes, new runs and added items make lines; renames, deletions and snapshots do not", () => {
    const run = makeRun("run-1", [before]);
    expect(
      activityOf(
        decoded(
          wire(1, "status_changed", "run-1", {
            status: "completed",
            previousStatus: "running",
            run: summaryOf(run),
          }),
        ),
        undefined,
        noTitles,
      ),
    ).toMatchObject({
      kind: "status",
      runStatus: "completed",
    });
    expect(activityOf(decoded(wire(2, "run_created", "run-1", { run })), undefined, noTitles)).toMatchObject({
      kind: "created",
      count: 1,
    });
    expect(
      activityOf(
        decoded(wire(3, "items_added", "run-1", { items: [before, before], counts: run.counts })),
        undefined,
        noTitles,
      ),
    ).toMatchObject({
      kind: "items",
      count: 2,
    });
    expect(
      activityOf(decoded(wire(4, "run_updated", "run-1", { run: summaryOf(run) })), undefined, noTitles),
    ).toBeNull();
    expect(activityOf(decoded(wire(5, "run_deleted", "run-1", { id: "run-1" })), undefined, noTitles)).toBeNull();
    expect(activityOf(decoded(wire(6, "snapshot", "", { runs: [run] })), undefined, noTitles)).toBeNull();
  });
});

describe("mergeActivity", () => {
  it("is newest first, one line per seq, bounded", () => {
    expect(mergeActivity([line(3), line(1)], [line(2), line(3)]).map((entry) => entry.seq)).toEqual([3, 2, 1]);
    const current = [line(1)];
    expect(mergeActivity(current, [])).toBe(current);
  });

  it("keeps the newest lines of both lists, never more than the limit", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(5_000), { maxLength: 400 }),
        fc.array(fc.nat(5_000), { maxLength: 400 }),
        (current, more) => {
          const sortedCurrent = [...current].sort((a, b) => b - a).slice(0, activityLimits.activity);
          const merged = mergeActivity(sortedCurrent.map(line), more.map(line));
          const expected = [...new Set([...sortedCurrent, ...more])]
            .sort((a, b) => b - a)
            .slice(0, activityLimits.activity);
          expect(merged.map((entry) => entry.seq)).toEqual(more.length === 0 ? sortedCurrent : expected);
        },
      ),
    );
  });
});

describe("mergeComments", () => {
  it("is newest first by creation time, one per id, bounded", () => {
    const a = makeComment("a", { createdAt: iso(baseTime + 1_000) });
    const b = makeComment("b", { createdAt: iso(baseTime + 2_000) });
    const a2 = { ...a, body: "edited" };
    expect(mergeComments([a], [b, a2])).toEqual([b, a2]);
  });

  it("never holds more than the limit and keeps the newest", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { maxLength: 1_200 }), (times) => {
        const comments = times.map((offset, i) => makeComment(`c${i}`, { createdAt: iso(baseTime + offset) }));
        const merged = mergeComments([], comments);
        expect(merged.length).toBe(Math.min(comments.length, activityLimits.comments));
        const newest = Math.max(...times);
        if (times.length > 0) expect(merged[0]?.createdAt).toBe(iso(baseTime + newest));
        for (let i = 1; i < merged.length; i++)
          expect(Date.parse(merged[i - 1]?.createdAt ?? "")).toBeGreaterThanOrEqual(
            Date.parse(merged[i]?.createdAt ?? ""),
          );
      }),
      { numRuns: 50 },
    );
  });
});

describe("foldBatches", () => {
  const result = (seq: number, status: "passed" | "failed" | "blocked", actor: string | null = "CI nightly") => ({
    ...line(seq),
    actor,
    status,
    title: `case ${seq}`,
  });

  it("folds the lines under one seq (a bulk import) into one line with its counts", () => {
    const lines = [result(7, "passed"), result(7, "failed"), result(7, "passed"), result(7, "blocked")];
    expect(foldBatches(lines)).toEqual([
      { ...line(7), kind: "batch", actor: "CI nightly", tally: { results: 4, passed: 2, failed: 1 } },
    ]);
  });

  it("counts only result lines; the items a batch added fold in", () => {
    const added: ActivityEntry = { ...line(4), kind: "items", count: 2 };
    expect(foldBatches([added, result(4, "passed"), result(4, "failed")])).toMatchObject([
      { seq: 4, kind: "batch", tally: { results: 2, passed: 1, failed: 1 } },
    ]);
  });

  it("a batch that changed one result keeps that result's own line", () => {
    const added: ActivityEntry = { ...line(4), kind: "items", count: 1 };
    expect(foldBatches([added, result(4, "failed")])).toEqual([result(4, "failed")]);
  });

  it("leaves lines of different events as they are, in order", () => {
    const lines = [result(1, "passed"), result(2, "failed", "Ken"), result(3, "passed")];
    expect(foldBatches(lines)).toEqual(lines);
  });

  it("names the batch by its writer, or no one when the lab's admin token wrote it", () => {
    expect(foldBatches([result(5, "passed", null), result(5, "passed", null)])[0]).toMatchObject({
      kind: "batch",
      actor: null,
    });
  });

  it("never yields more lines than it is given, nor two with one seq", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 30 }), (seqs) => {
        const sorted = [...seqs].sort((a, b) => a - b);
        const folded = foldBatches(sorted.map((seq) => result(seq, "passed")));
        expect(folded.map((entry) => entry.seq)).toEqual([...new Set(sorted)]);
      }),
      { numRuns: 50 },
    );
  });
});
