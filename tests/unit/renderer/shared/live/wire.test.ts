import { Schema } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StreamEventSchema } from "../../../../../server/domain/events.ts";
import {
  isComment,
  isItem,
  liveEventsOf,
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
  itemChange,
  makeComment,
  makeItem,
  makeRun,
  makeWallRun,
  resultPart,
  summaryOf,
  wire,
} from "../../support/live-fixtures.ts";

const a = makeItem("a", { status: "failed", version: 2, updatedBy: "Ken" });
const run = makeRun("run-1", [a]);
const comment = makeComment("c", { itemId: "a" });

/** One event of every type, as the server builds them. */
const everyType: ReadonlyArray<WireEvent> = [
  wire(1, "snapshot", "", { runs: [run] }),
  wire(1, "snapshot", "*", { runs: [makeWallRun("run-1", [a])] }),
  wire(1, "reset", "", { runs: [] }),
  wire(1, "run_created", "run-1", { run }),
  wire(1, "run_updated", "run-1", { run: summaryOf(run) }),
  wire(1, "status_changed", "run-1", { status: "paused", previousStatus: "running", run: summaryOf(run) }),
  wire(1, "run_deleted", "run-1", { id: "run-1" }),
  wire(1, "items_added", "run-1", { items: [a], counts: run.counts }),
  { ...wire(1, "item_updated", "run-1", itemChange(a, [a], "passed")), itemId: "a" },
  wire(1, "comment_added", "run-1", { comment }),
  wire(1, "batch", "run-1", {
    events: [
      { type: "status_changed", data: { status: "running", previousStatus: "planned", run: summaryOf(run) } },
      { type: "items_added", data: { items: [a], counts: run.counts } },
      resultPart(itemChange(a, [a], "untested")),
    ],
  }),
];

const json = (value: unknown): string => JSON.stringify(value);
const isStreamEvent = Schema.is(StreamEventSchema);

describe("parseWireEvent: the contract's schema at the edge", () => {
  it("reads every type of event as the server builds it, unchanged", () => {
    for (const event of everyType) expect(parseWireEvent(json(event)), event.type).toEqual(event);
  });

  it("refuses what is not an event, without throwing", () => {
    const valid = wire(1, "run_deleted", "run-1", { id: "run-1" });
    const broken: unknown[] = [
      null,
      [],
      "text",
      42,
      { ...valid, seq: "1" },
      { ...valid, seq: 1.5 },
      { ...valid, type: "exploded" },
      { ...valid, testRunId: 7 },
      { ...valid, timestamp: null },
      { ...valid, itemId: 5 },
      { type: "run_deleted", testRunId: "", data: { id: "run-1" }, timestamp: iso(baseTime) },
    ];
    for (const value of broken) expect(parseWireEvent(json(value)), json(value)).toBeNull();
    for (const text of ["", "{", "undefined", '{"seq":1e999}', "\u0000"]) expect(parseWireEvent(text)).toBeNull();
  });

  it("refuses a payload that does not match its type", () => {
    const broken: ReadonlyArray<readonly [string, unknown]> = [
      ["snapshot", { runs: "all" }],
      ["snapshot", null],
      ["snapshot", { runs: [run, { id: "broken" }] }],
      ["run_created", { run: summaryOf(run) }],
      ["run_updated", {}],
      ["status_changed", { status: "paused", run: summaryOf(run) }],
      ["status_changed", { status: "done", previousStatus: "running", run: summaryOf(run) }],
      ["run_deleted", null],
      ["items_added", { items: [a] }],
      ["items_added", { items: [a, { id: "x" }], counts: run.counts }],
      ["item_updated", { item: a, counts: run.counts }],
      ["item_updated", { item: a, counts: run.counts, previousStatus: "nope" }],
      ["item_updated", { item: { ...a, status: "?" }, counts: run.counts, previousStatus: "passed" }],
      ["item_updated", { item: a, counts: { total: 1 }, previousStatus: "passed" }],
      ["comment_added", { comment: { id: "c" } }],
      ["batch", "many"],
      ["batch", [resultPart(itemChange(a, [a], "untested"))]],
      ["batch", { events: [{ type: "item_updated", data: itemChange(a, [a], "untested") }] }],
      ["batch", { events: [{ type: "batch", data: { events: [] } }] }],
      ["batch", { events: [{ type: "comment_added", data: { comment } }] }],
    ];
    for (const [type, data] of broken) {
      const text = json({ seq: 1, type, testRunId: "run-1", data, timestamp: iso(baseTime) });
      expect(parseWireEvent(text), text).toBeNull();
    }
  });

  it("refuses an item, a run or a comment with any field of the wrong type", () => {
    const itemPatches: ReadonlyArray<Record<string, unknown>> = [
      { id: 1 },
      { runId: null },
      { key: 42 },
      { title: null },
      { section: [] },
      { position: "1" },
      { position: 0.5 },
      { status: "exploded" },
      { assignee: 3 },
      { note: {} },
      { durationMs: "1s" },
      { updatedAt: null },
      { updatedBy: 0 },
      { version: Number.NaN },
    ];
    for (const patch of itemPatches) {
      const event = { ...wire(1, "items_added", "run-1", { items: [a], counts: run.counts }) };
      expect(toWireEvent({ ...event, data: { ...event.data, items: [{ ...a, ...patch }] } }), json(patch)).toBeNull();
      expect(isItem({ ...a, ...patch }), json(patch)).toBe(false);
    }
    const runPatches: ReadonlyArray<Record<string, unknown>> = [
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
    for (const patch of runPatches) {
      const event = wire(1, "run_updated", "run-1", { run: summaryOf(run) });
      expect(toWireEvent({ ...event, data: { run: { ...summaryOf(run), ...patch } } }), json(patch)).toBeNull();
    }
    for (const patch of [{ id: 1 }, { itemId: 3 }, { author: null }, { body: 1 }, { createdAt: undefined }]) {
      expect(
        toWireEvent({ ...wire(1, "comment_added", "run-1", { comment }), data: { comment: { ...comment, ...patch } } }),
      ).toBeNull();
      expect(isComment({ ...comment, ...patch })).toBe(false);
    }
    expect(isItem(a)).toBe(true);
    expect(isComment(comment)).toBe(true);
  });

  it("leaves out keys the contract does not name (a newer server's additions), keeping the rest", () => {
    const event = wire(1, "run_deleted", "run-1", { id: "run-1" });
    const decoded = toWireEvent({ ...event, origin: "future", data: { id: "run-1", reason: "cleanup" } });
    expect(decoded).toEqual(event);
  });

  it("never throws, and whatever it accepts is an event of the contract", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const event = parseWireEvent(text);
        if (event !== null) expect(isStreamEvent(event)).toBe(true);
      }),
    );
    const types = [...new Set(everyType.map((event) => event.type))];
    fc.assert(
      fc.property(fc.constantFrom(...types), fc.anything(), (type, data) => {
        const event = toWireEvent({ seq: 1, type, testRunId: "run-1", data, timestamp: iso(baseTime) });
        if (event !== null) expect(isStreamEvent(event)).toBe(true);
      }),
    );
  });

  it("never lets through an item the pages cannot show, whatever one field holds", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(a)), fc.anything(), (field, value) => {
        const event = toWireEvent({
          ...wire(1, "item_updated", "run-1", itemChange(a, [a], "passed")),
          data: { item: { ...a, [field]: value }, counts: countsOf([a]), previousStatus: "passed" },
        });
        if (event?.type !== "item_updated") return;
        const { item } = event.data;
        // Whatever got through can be searched and shown as the pages do.
        expect(() => [(item.key ?? "").toLowerCase(), item.title.toLowerCase(), item.section.split("/")]).not.toThrow();
        expect(item.durationMs === null || Number.isInteger(item.durationMs)).toBe(true);
      }),
    );
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

describe("timeOf", () => {
  it("is the time in ms of an ISO string, 0 for anything else", () => {
    expect(timeOf("2026-11-29T14:03:12.345Z")).toBe(Date.parse("2026-11-29T14:03:12.345Z"));
    for (const value of ["", "yesterday", null, undefined, 12, {}]) expect(timeOf(value)).toBe(0);
  });
});

describe("liveEventsOf", () => {
  const at = baseTime + 1_000;

  it("gives each event type its meaning", () => {
    const [snapshot, wall, reset, created, updated, status, deleted, added, changed, commented] = everyType.map(
      (event) => liveEventsOf(event),
    );
    expect(snapshot).toEqual([{ kind: "state", seq: 1, at, reset: false, runs: [run] }]);
    expect(wall).toEqual([{ kind: "state", seq: 1, at, reset: false, runs: [makeWallRun("run-1", [a])] }]);
    expect(reset).toEqual([{ kind: "state", seq: 1, at, reset: true, runs: [] }]);
    expect(created).toEqual([{ kind: "run_created", seq: 1, at, run }]);
    expect(updated).toEqual([{ kind: "run_updated", seq: 1, at, run: summaryOf(run) }]);
    expect(status).toEqual([{ kind: "status_changed", seq: 1, at, run: summaryOf(run), status: "paused" }]);
    expect(deleted).toEqual([{ kind: "run_deleted", seq: 1, at, runId: "run-1" }]);
    expect(added).toEqual([{ kind: "items_added", seq: 1, at, runId: "run-1", items: [a], counts: run.counts }]);
    expect(changed).toEqual([
      { kind: "item_updated", seq: 1, at, runId: "run-1", item: a, counts: countsOf([a]), previousStatus: "passed" },
    ]);
    expect(commented).toEqual([{ kind: "comment_added", seq: 1, at, runId: "run-1", comment }]);
  });

  it("expands a batch into its parts, in order, under the batch's seq and run", () => {
    const batch = everyType.find((event) => event.type === "batch");
    if (batch === undefined) throw new Error("no batch");
    expect(liveEventsOf({ ...batch, seq: 9 }).map((event) => [event.kind, event.seq, event.at])).toEqual([
      ["status_changed", 9, at],
      ["items_added", 9, at],
      ["item_updated", 9, at],
    ]);
    expect(liveEventsOf({ ...batch, seq: 9 }).every((event) => !("runId" in event) || event.runId === "run-1")).toBe(
      true,
    );
  });
});
