import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeComment,
  encodeEventFrame,
  encodeHeartbeat,
  encodeRetry,
  eventJson,
} from "../../../server/domain/sse-wire.ts";
import { draftEvent, loggedEvent } from "../../../server/domain/events.ts";
import type { StreamEvent } from "../../../server/domain/stream-event.ts";

const decoder = new TextDecoder();

/** Splits one SSE message into its lines the way a client does: CRLF, CR and LF all end a line. */
const linesOf = (frame: Uint8Array): string[] => {
  const text = decoder.decode(frame);
  expect(text.endsWith("\n\n")).toBe(true);
  return text.slice(0, -2).split(/\r\n|\r|\n/);
};

const itemUpdated = (note: string): StreamEvent =>
  loggedEvent(
    42,
    draftEvent(
      "item_updated",
      "01J0000000000000000000RUN1",
      "01J0000000000000000000ITM1",
      {
        item: {
          id: "01J0000000000000000000ITM1",
          runId: "01J0000000000000000000RUN1",
          key: null,
          title: "RX sensitivity",
          section: "Radio",
          position: 0,
          status: "failed",
          assignee: null,
          note,
          durationMs: null,
          updatedAt: "2026-11-29T14:03:12.345Z",
          updatedBy: "Aiko",
          version: 2,
        },
        counts: { total: 3, untested: 2, passed: 0, failed: 1, blocked: 0, skipped: 0, retest: 0 },
        previousStatus: "untested",
      },
      Date.parse("2026-11-29T14:03:12.345Z"),
    ),
  );

describe("encodeEventFrame", () => {
  it("is one unnamed message: `id:` is the seq, then a single data line with the event JSON", () => {
    const event = itemUpdated("fine");
    const lines = linesOf(encodeEventFrame(event));
    expect(lines).toEqual([`id: 42`, `data: ${eventJson(event)}`]);
    expect(JSON.parse(lines[1]?.slice("data: ".length) ?? "")).toEqual(event);
  });

  it("keeps a note full of line breaks on one data line and round-trips it", () => {
    const note = "step 1 ok\nstep 2 failed\r\nsee log\rend\n\ndata: injected\nid: 999";
    const event = itemUpdated(note);
    const lines = linesOf(encodeEventFrame(event));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("id: 42");
    const parsed = JSON.parse(lines[1]?.slice("data: ".length) ?? "") as { data: { item: { note: string } } };
    expect(parsed.data.item.note).toBe(note);
  });

  it("never puts a raw line break into the JSON, whatever the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "\n", "\r", "\u2028", "\u0085", " ", "é", '"', "\\", ":") }),
        fc.nat(),
        (note, seq) => {
          const event = { ...itemUpdated(note), seq };
          const lines = linesOf(encodeEventFrame(event));
          expect(lines).toHaveLength(2);
          expect(lines[0]).toBe(`id: ${seq}`);
          expect(JSON.parse(lines[1]?.slice("data: ".length) ?? "")).toEqual(event);
        },
      ),
    );
  });

  it("leaves out itemId when the event has none", () => {
    const json = eventJson(
      loggedEvent(
        43,
        draftEvent(
          "run_deleted",
          "01J0000000000000000000RUN1",
          null,
          { id: "01J0000000000000000000RUN1" },
          Date.parse("2026-11-29T14:03:12.345Z"),
        ),
      ),
    );
    expect(JSON.parse(json)).not.toHaveProperty("itemId");
  });
});

describe("encodeHeartbeat", () => {
  it("is a named heartbeat without an id, so it never moves Last-Event-ID", () => {
    const lines = linesOf(
      encodeHeartbeat({ serverTime: "2026-11-29T14:03:12.345Z", lastEventId: 41, intervalMs: 15_000 }),
    );
    expect(lines).toEqual([
      "event: heartbeat",
      'data: {"serverTime":"2026-11-29T14:03:12.345Z","lastEventId":41,"intervalMs":15000}',
    ]);
    expect(lines.some((line) => line.startsWith("id:"))).toBe(false);
  });
});

describe("encodeRetry", () => {
  it("sends a whole number of milliseconds", () => {
    expect(decoder.decode(encodeRetry(1_834.6))).toBe("retry: 1835\n\n");
  });
});

describe("encodeComment", () => {
  it("is a single comment line even when the text has CR or LF in it", () => {
    const lines = linesOf(encodeComment("hello\r\nid: 7\rdata: x\nend"));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(": ")).toBe(true);
  });
});
