import { Schema } from "effect";
import { afterEach, describe, expect, it } from "vitest";
import { liveEventsOf, parseWireEvent } from "../../renderer/src/shared/live/wire.ts";
import { StreamEventSchema } from "../../server/domain/events.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, openStream, startTestLab, type TestLab, type TestStream } from "../support/lab-server.ts";

const labs: TestLab[] = [];
const streams: TestStream[] = [];

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const l of labs.splice(0)) await l.close();
});

const decodeStrict = Schema.decodeUnknownSync(StreamEventSchema, { onExcessProperty: "error" });

/**
 * Every kind of event the server can emit, produced by real writes and read off real streams (a
 * wall's and a run's own), must decode with the contract's schema and with the renderer's decoder:
 * a payload change that would blank the walls fails here first.
 */
describe("the event contract", () => {
  it("every event of every write decodes with the schema and with the renderer, on a wall's stream and a run's", async () => {
    const l = await startTestLab();
    labs.push(l);
    const wall = openStream(`${l.url}/api/stream?all=1`);
    streams.push(wall);
    await wall.waitForCount(1);

    const run = await createRun(l, "Contract", 3);
    const own = openStream(`${l.url}/api/test-runs/${run.id}/stream`);
    streams.push(own);
    await own.waitForCount(1);
    const item = run.items[0];
    if (item === undefined) throw new Error("no item");
    const ok = (status: number) => expect([200, 201, 204]).toContain(status);
    ok((await l.api("PATCH", `/api/test-runs/${run.id}`, { labels: { build: "2.0" } })).status);
    ok((await l.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "failed", note: "-92 dBm" })).status);
    ok((await l.api("POST", `/api/test-runs/${run.id}/items`, { items: [{ title: "Added", section: "New" }] })).status);
    ok((await l.api("POST", `/api/test-runs/${run.id}/comments`, { body: "looks flaky", itemId: item.id })).status);
    ok((await l.api("PUT", `/api/test-runs/${run.id}/status`, { status: "paused" })).status);
    const results = {
      addMissing: true,
      results: [
        { itemId: item.id, status: "passed" },
        { key: "ci.new", title: "From CI", section: "CI", status: "failed" },
      ],
    };
    ok((await l.api("POST", `/api/test-runs/${run.id}/results`, results)).status);
    const doomed = await createRun(l, "Doomed", 1);
    // A planned run's first results: the batch starts it (a status_changed part).
    const doomedItem = doomed.items[0]?.id ?? "";
    ok(
      (
        await l.api("POST", `/api/test-runs/${doomed.id}/results`, {
          results: [{ itemId: doomedItem, status: "passed" }],
        })
      ).status,
    );
    ok((await l.api("DELETE", `/api/test-runs/${doomed.id}`)).status);
    // A reconnect far behind: a `reset` on a wall's stream and on a run's.
    const resetWall = openStream(`${l.url}/api/stream?all=1&lastEventId=999999`);
    const resetOwn = openStream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=999999`);
    streams.push(resetWall, resetOwn);

    const kinds = [
      "snapshot",
      "run_created",
      "run_updated",
      "item_updated",
      "status_changed",
      "items_added",
      "comment_added",
      "batch",
      "run_deleted",
    ];
    await wall.waitFor(
      () => kinds.every((kind) => wall.events.some((e) => e.type === kind)),
      10_000,
      "every kind of event",
    );
    await own.waitFor(() => own.events.some((e) => e.type === "batch"));
    await Promise.all([resetWall.waitForCount(1), resetOwn.waitForCount(1)]);

    const all = [...wall.events, ...own.events, ...resetWall.events, ...resetOwn.events];
    expect(new Set(all.map((e) => e.type))).toEqual(new Set([...kinds, "reset"]));
    for (const received of all) {
      const { lastEventId: _id, ...event } = received;
      const json = JSON.stringify(event);
      // The schema accepts exactly what the server sends (nothing missing, nothing extra)…
      expect(() => decodeStrict(JSON.parse(json)), `${event.type} against the schema`).not.toThrow();
      // …and the renderer reads every one of them with it, to the same value.
      const wire = parseWireEvent(json);
      expect(wire, `${event.type} as a wire event`).toEqual(decodeStrict(JSON.parse(json)));
      if (wire === null) continue;
      const decoded = liveEventsOf(wire);
      expect(decoded.length, `${event.type} decoded by the renderer`).toBeGreaterThan(0);
    }
    const batches = wall.events.filter((e) => e.type === "batch");
    const partsOf = (index: number) => {
      const wire = parseWireEvent(JSON.stringify(batches[index]));
      return wire === null ? [] : liveEventsOf(wire).map((part) => part.kind);
    };
    expect(partsOf(0)).toEqual(["items_added", "item_updated", "item_updated"]);
    expect(partsOf(1)).toEqual(["status_changed", "item_updated"]);
  });

  it("rejects an event whose payload does not match its type", () => {
    const run: Partial<TestRunDetail> = { id: "r" };
    const bad = { seq: 1, type: "run_created", testRunId: "r", data: { run }, timestamp: "2026-12-01T00:00:00.000Z" };
    expect(() => decodeStrict(bad)).toThrow();
    const wrongKind = {
      seq: 1,
      type: "run_deleted",
      testRunId: "r",
      data: { item: {} },
      timestamp: "2026-12-01T00:00:00.000Z",
    };
    expect(() => decodeStrict(wrongKind)).toThrow();
  });
});
