import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeEvent,
  isComment,
  isCounts,
  isItem,
  isRunDetail,
  isRunSummary,
  type LiveEvent,
  parseHeartbeat,
  parseWireEvent,
  timeOf,
  toWireEvent,
  type WireEvent,
} from "../../../../../renderer/src/shared/live/wire.ts";
import {
  baseTime,
  countsOf,
  iso,
  makeComment,
  makeItem,
  makeRun,
  summaryOf,
  wire,
} from "../../support/live-fixtures.ts";

const eventTypes = [
  "snapshot",
  "item_updated",
  "items_added",
  "status_changed",
  "comment_added",
  "run_created",
  "run_updated",
  "run_deleted",
  "batch",
  "reset",
] as const;

/** Every decoded event is well-formed, whatever came in. */
const wellFormed = (event: LiveEvent): boolean => {
  switch (event.kind) {
    case "state":
      return event.runs.every(isRunDetail);
    case "run_created":
      return isRunDetail(event.run);
    case "run_updated":
    case "status_changed":
      return isRunSummary(event.run);
    case "run_deleted":
      return typeof event.runId === "string";
    case "items_added":
      return event.items.every(isItem) && isCounts(event.counts);
    case "item_updated":
      return isItem(event.item) && isCounts(event.counts);
    case "comment_added":
      return isComment(event.comment);
  }
};

describe("parseWireEvent", () => {
  it("reads an event of the stream", () => {
    const text = JSON.stringify({
      seq: 42,
      type: "item_updated",
      testRunId: "r1",
      itemId: "i1",
      data: { x: 1 },
      timestamp: "2026-11-29T14:03:12.345Z",
    });
    expect(parseWireEvent(text)).toEqual({
      seq: 42,
      type: "item_updated",
      testRunId: "r1",
      itemId: "i1",
      data: { x: 1 },
      timestamp: "2026-11-29T14:03:12.345Z",
    });
  });

  it("rejects what is not an event, without throwing", () => {
    const valid = { seq: 1, type: "snapshot", testRunId: "", data: null, timestamp: iso(baseTime) };
    const broken: unknown[] = [
      null,
      [],
      "text",
      42,
      { ...valid, seq: "1" },
      { ...valid, type: "exploded" },
      { ...valid, testRunId: 7 },
      { ...valid, timestamp: null },
      { type: "snapshot", testRunId: "", timestamp: iso(baseTime) },
    ];
    for (const value of broken) expect(parseWireEvent(JSON.stringify(value))).toBeNull();
    for (const text of ["", "{", "undefined", '{"seq":1e999}', "\u0000"]) expect(parseWireEvent(text)).toBeNull();
  });

  it("drops an itemId that is not a string", () => {
    const event = toWireEvent({ seq: 1, type: "item_updated", testRunId: "r", itemId: 5, data: null, timestamp: "" });
    expect(event).not.toBeNull();
    expect(event !== null && "itemId" in event).toBe(false);
  });

  it("never throws on any text or any JSON value", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const event = parseWireEvent(text);
        if (event !== null) expect(Number.isFinite(event.seq)).toBe(true);
      }),
    );
    fc.assert(fc.property(fc.anything(), (value) => void toWireEvent(value)));
  });
});

describe("parseHeartbeat", () => {
  it("reads serverTime, lastEventId and intervalMs", () => {
    expect(
      parseHeartbeat(JSON.stringify({ serverTime: "2026-11-29T14:03:12Z", lastEventId: 42, intervalMs: 15_000 })),
    ).toEqual({
      serverTime: "2026-11-29T14:03:12Z",
      lastEventId: 42,
      intervalMs: 15_000,
    });
  });

  it("gives intervalMs 0 (learn it) when it is absent or not a positive number", () => {
    for (const intervalMs of [undefined, null, 0, -5, "15000"]) {
      expect(parseHeartbeat(JSON.stringify({ serverTime: "t", lastEventId: 1, intervalMs }))?.intervalMs).toBe(0);
    }
  });

  it("rejects malformed heartbeats without throwing", () => {
    for (const text of [
      "",
      "[]",
      "null",
      "{}",
      JSON.stringify({ serverTime: 1, lastEventId: 1 }),
      JSON.stringify({ serverTime: "t", lastEventId: "1" }),
    ]) {
      expect(parseHeartbeat(text)).toBeNull();
    }
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (text) => void parseHeartbeat(text)));
  });
});

describe("shape checks", () => {
  const item = makeItem("a");
  const run = makeRun("r", [item]);

  it("accept the shapes of docs/protocol.md", () => {
    expect(isItem(item)).toBe(true);
    expect(isItem({ ...item, key: "RX-1", assignee: "Ken", note: "n", durationMs: 1_200, updatedBy: "Ken" })).toBe(
      true,
    );
    expect(isRunSummary(summaryOf(run))).toBe(true);
    expect(isRunDetail(run)).toBe(true);
    expect(isComment(makeComment("c"))).toBe(true);
    expect(isCounts(countsOf([item]))).toBe(true);
  });

  it("reject items with a field of the wrong type (the pages call string methods on them)", () => {
    const wrong: ReadonlyArray<Record<string, unknown>> = [
      { id: 1 },
      { runId: null },
      { key: 42 },
      { title: null },
      { section: [] },
      { position: "1" },
      { status: "exploded" },
      { assignee: 3 },
      { note: {} },
      { durationMs: "1s" },
      { updatedAt: null },
      { updatedBy: 0 },
      { version: Number.NaN },
    ];
    for (const patch of wrong) expect(isItem({ ...item, ...patch }), JSON.stringify(patch)).toBe(false);
  });

  it("reject runs with a field of the wrong type", () => {
    const summary = summaryOf(run);
    const wrong: ReadonlyArray<Record<string, unknown>> = [
      { id: 1 },
      { name: null },
      { description: 5 },
      { labels: [] },
      { labels: { build: 2 } },
      { status: "done" },
      { createdAt: 1 },
      { startedAt: 1 },
      { completedAt: {} },
      { updatedAt: null },
      { version: "2" },
      { counts: { ...countsOf([]), failed: "0" } },
    ];
    for (const patch of wrong) expect(isRunSummary({ ...summary, ...patch }), JSON.stringify(patch)).toBe(false);
    expect(isRunDetail({ ...run, items: [item, { ...item, status: "?" }] })).toBe(false);
    expect(isRunDetail({ ...run, items: "none" })).toBe(false);
  });

  it("reject comments with a field of the wrong type", () => {
    for (const patch of [{ id: 1 }, { itemId: 3 }, { author: null }, { body: 1 }, { createdAt: undefined }]) {
      expect(isComment({ ...makeComment("c"), ...patch })).toBe(false);
    }
  });
});

describe("timeOf", () => {
  it("is the time in ms of an ISO string, 0 for anything else", () => {
    expect(timeOf("2026-11-29T14:03:12.345Z")).toBe(Date.parse("2026-11-29T14:03:12.345Z"));
    for (const value of ["", "yesterday", null, undefined, 12, {}]) expect(timeOf(value)).toBe(0);
  });
});

describe("decodeEvent", () => {
  const a = makeItem("a", { status: "failed", version: 2 });
  const run = makeRun("run-1", [a]);

  it("decodes each event type of the protocol", () => {
    const at = baseTime + 1_000;
    expect(decodeEvent(wire(1, "snapshot", "", { runs: [run] }))).toEqual([
      { kind: "state", seq: 1, at, reset: false, runs: [run] },
    ]);
    expect(decodeEvent(wire(1, "reset", "", { runs: [] }))).toEqual([
      { kind: "state", seq: 1, at, reset: true, runs: [] },
    ]);
    expect(decodeEvent(wire(1, "run_created", "run-1", { run }))).toEqual([{ kind: "run_created", seq: 1, at, run }]);
    expect(decodeEvent(wire(1, "run_updated", "run-1", { run: summaryOf(run) }))).toEqual([
      { kind: "run_updated", seq: 1, at, run: summaryOf(run) },
    ]);
    expect(
      decodeEvent(
        wire(1, "status_changed", "run-1", { status: "paused", previousStatus: "running", run: summaryOf(run) }),
      ),
    ).toEqual([{ kind: "status_changed", seq: 1, at, run: summaryOf(run), status: "paused" }]);
    expect(decodeEvent(wire(1, "run_deleted", "run-1", { id: "run-1" }))).toEqual([
      { kind: "run_deleted", seq: 1, at, runId: "run-1" },
    ]);
    expect(decodeEvent(wire(1, "items_added", "run-1", { items: [a], counts: run.counts }))).toEqual([
      { kind: "items_added", seq: 1, at, runId: "run-1", items: [a], counts: run.counts },
    ]);
    expect(
      decodeEvent(wire(1, "item_updated", "run-1", { item: a, counts: run.counts, previousStatus: "passed" })),
    ).toEqual([
      { kind: "item_updated", seq: 1, at, runId: "run-1", item: a, counts: run.counts, previousStatus: "passed" },
    ]);
    const comment = makeComment("c");
    expect(decodeEvent(wire(1, "comment_added", "run-1", { comment }))).toEqual([
      { kind: "comment_added", seq: 1, at, runId: "run-1", comment },
    ]);
  });

  it("yields nothing for malformed data", () => {
    const broken: ReadonlyArray<WireEvent> = [
      wire(1, "snapshot", "", { runs: "all" }),
      wire(1, "snapshot", "", null),
      wire(1, "run_created", "run-1", { run: summaryOf(run) }),
      wire(1, "run_updated", "run-1", {}),
      wire(1, "status_changed", "run-1", { status: "done", run: summaryOf(run) }),
      wire(1, "items_added", "run-1", { items: [a] }),
      wire(1, "item_updated", "run-1", { item: { ...a, status: "?" }, counts: run.counts }),
      wire(1, "item_updated", "run-1", { item: a, counts: { total: 1 } }),
      wire(1, "comment_added", "run-1", { comment: { id: "c" } }),
      wire(1, "batch", "run-1", "many"),
    ];
    for (const event of broken) expect(decodeEvent(event), event.type).toEqual([]);
  });

  it("keeps the valid runs of a snapshot and the valid items of items_added", () => {
    const [state] = decodeEvent(wire(1, "snapshot", "", { runs: [run, { id: "broken" }] }));
    expect(state?.kind === "state" ? state.runs : null).toEqual([run]);
    const [added] = decodeEvent(wire(2, "items_added", "run-1", { items: [a, { id: "x" }], counts: run.counts }));
    expect(added?.kind === "items_added" ? added.items : null).toEqual([a]);
  });

  it("falls back to the event's run id for run_deleted, and to null for an unknown previous status", () => {
    expect(decodeEvent(wire(1, "run_deleted", "run-7", null))).toMatchObject([{ runId: "run-7" }]);
    expect(
      decodeEvent(wire(1, "item_updated", "run-1", { item: a, counts: run.counts, previousStatus: "nope" })),
    ).toMatchObject([{ previousStatus: null }]);
  });

  it("expands a batch into its parts under the batch's seq; a batch inside a batch is ignored", () => {
    const b = makeItem("b", { status: "passed" });
    const parts = [
      { type: "item_updated", data: { item: a, counts: run.counts, previousStatus: null } },
      { type: "item_updated", testRunId: "run-2", data: { item: b, counts: run.counts, previousStatus: null } },
      { type: "batch", data: [{ type: "item_updated", data: { item: a, counts: run.counts } }] },
      { type: "nonsense", data: {} },
      "not an object",
    ];
    for (const data of [parts, { events: parts }]) {
      const decoded = decodeEvent(wire(9, "batch", "run-1", data));
      expect(
        decoded.map((event) => [event.kind, event.seq, event.kind === "item_updated" ? event.runId : null]),
      ).toEqual([
        ["item_updated", 9, "run-1"],
        ["item_updated", 9, "run-2"],
      ]);
    }
  });

  it("never throws and only yields well-formed events, whatever the data", () => {
    fc.assert(
      fc.property(fc.constantFrom(...eventTypes), fc.anything(), (type, data) => {
        const decoded = decodeEvent(wire(1, type, "run-1", data));
        expect(decoded.every(wellFormed)).toBe(true);
      }),
    );
  });

  it("never throws on data that is almost right", () => {
    // Valid shapes with one field replaced by anything: the checks must look at every field.
    const fields = Object.keys(a);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(), (field, value) => {
        const item = { ...a, [field]: value };
        const decoded = decodeEvent(wire(1, "item_updated", "run-1", { item, counts: run.counts }));
        expect(decoded.every(wellFormed)).toBe(true);
        for (const event of decoded) {
          if (event.kind !== "item_updated") continue;
          // Whatever got through can be searched and shown as the pages do.
          expect(() => [
            (event.item.key ?? "").toLowerCase(),
            event.item.title.toLowerCase(),
            event.item.durationMs ?? 0,
          ]).not.toThrow();
          expect(event.item.durationMs === null || Number.isFinite(event.item.durationMs)).toBe(true);
        }
      }),
    );
  });
});
