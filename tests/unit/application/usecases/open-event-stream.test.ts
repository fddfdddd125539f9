import { describe, expect, it } from "vitest";
import { parseEventId } from "../../../../server/application/usecases/open-event-stream.ts";

describe("parseEventId (Last-Event-ID header or ?lastEventId=)", () => {
  it.each([
    ["42", 42],
    ["0", 0],
    [" 42 ", 42],
    ["007", 7],
    ["9007199254740991", 9_007_199_254_740_991],
  ])("reads %j as %d", (raw, expected) => {
    expect(parseEventId(raw)).toBe(expected);
  });

  it.each([undefined, "", " ", "-1", "1.5", "1e3", "0x10", "abc", "42abc", "9007199254740992", "12345678901234567"])(
    "treats %j as no usable id (the client gets a fresh state)",
    (raw) => {
      expect(parseEventId(raw)).toBeUndefined();
    },
  );
});
