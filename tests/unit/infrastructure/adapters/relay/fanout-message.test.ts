import { describe, expect, it } from "vitest";
import { draftEvent, loggedEvent } from "../../../../../server/domain/events.ts";
import {
  fanoutMessage,
  readFanoutMessage,
} from "../../../../../server/infrastructure/adapters/relay/fanout-message.ts";

const at = Date.parse("2026-03-01T10:00:00.000Z");
const comment = {
  id: "c1",
  runId: "r1",
  itemId: null,
  author: "Ana",
  body: "line 3 flickers",
  createdAt: "2026-03-01T10:00:00.000Z",
};
const event = loggedEvent(7, draftEvent("comment_added", "r1", null, { comment }, at));

describe("fan-out messages", () => {
  it("carry the whole event and read back as the same event", () => {
    expect(readFanoutMessage(fanoutMessage(event), 6)).toEqual({ _tag: "event", event });
  });

  it("at or below the last forwarded seq are read only as far as their seq", () => {
    expect(readFanoutMessage(fanoutMessage(event), 7)).toEqual({ _tag: "seen", seq: 7 });
    expect(readFanoutMessage(JSON.stringify({ seq: 3, anything: "else" }), 7)).toEqual({ _tag: "seen", seq: 3 });
  });

  it("an event of this instance coming back is recognised from its leading seq, the rest unread", () => {
    const own = fanoutMessage(event);
    expect(own.startsWith('{"seq":7,')).toBe(true);
    // Whatever follows the seq is not parsed: even a cut-off message is only "seen".
    expect(readFanoutMessage(own.slice(0, 20), 7)).toEqual({ _tag: "seen", seq: 7 });
    // Past the last seq the whole message is read, so a cut-off one is bad.
    expect(readFanoutMessage(own.slice(0, 20), 6)._tag).toBe("bad");
  });

  it("drop keys the contract does not know", () => {
    const read = readFanoutMessage(JSON.stringify({ ...event, extra: "x" }), 0);
    expect(read).toEqual({ _tag: "event", event });
  });

  const bad: ReadonlyArray<readonly [string, string]> = [
    ["not JSON", "{seq: 8"],
    ["no seq", JSON.stringify({ type: "comment_added" })],
    ["a seq that is no integer", JSON.stringify({ ...event, seq: 8.5 })],
    ["a payload of the wrong shape", JSON.stringify({ ...event, seq: 8, data: { comment: { id: 1 } } })],
    ["an unknown type", JSON.stringify({ ...event, seq: 8, type: "item_moved" })],
    ["a per-connection state", JSON.stringify({ ...event, seq: 8, type: "snapshot", data: { runs: [] } })],
    ["JSON that is no object", "8"],
  ];
  for (const [name, message] of bad) {
    it(`with ${name} are bad, with a reason`, () => {
      const read = readFanoutMessage(message, 0);
      expect(read._tag).toBe("bad");
      if (read._tag === "bad") expect(read.reason.length).toBeGreaterThan(0);
    });
  }
});
