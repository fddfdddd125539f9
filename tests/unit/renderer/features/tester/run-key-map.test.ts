import { describe, expect, it } from "vitest";
import { KeyBuffer, runKeyAction } from "../../../../../renderer/src/features/tester/run-key-map.ts";

describe("runKeyAction", () => {
  it("maps the run page's keys to their actions", () => {
    expect(runKeyAction("p")).toEqual({ kind: "record", status: "passed" });
    expect(runKeyAction("r")).toEqual({ kind: "record", status: "retest" });
    expect(runKeyAction("j")).toEqual({ kind: "move", delta: 1 });
    expect(runKeyAction("ArrowUp")).toEqual({ kind: "move", delta: -1 });
    expect(runKeyAction("o")).toEqual({ kind: "claim" });
    expect(runKeyAction("/")).toEqual({ kind: "filter" });
  });

  it("has no action for other keys", () => {
    for (const key of ["x", "P", "Enter", "Tab", "1", " "]) expect(runKeyAction(key)).toBeNull();
  });
});

describe("KeyBuffer", () => {
  it("hands the kept keys back in the order they were pressed", () => {
    const buffer = new KeyBuffer();
    expect(buffer.push("p", 0)).toBe(true);
    expect(buffer.push("f", 10)).toBe(true);
    expect(buffer.push("j", 20)).toBe(true);
    expect([buffer.take(30), buffer.take(30), buffer.take(30), buffer.take(30)]).toEqual(["p", "f", "j", null]);
  });

  it("keeps only the run page's keys", () => {
    const buffer = new KeyBuffer();
    expect(buffer.push("x", 0)).toBe(false);
    expect(buffer.push("Enter", 0)).toBe(false);
    expect(buffer.size).toBe(0);
  });

  it("drops keys older than its limit, and stops keeping at its size", () => {
    const buffer = new KeyBuffer(1_000, 2);
    buffer.push("p", 0);
    buffer.push("f", 900);
    expect(buffer.push("b", 950)).toBe(false);
    expect(buffer.take(1_500)).toBe("f");
    expect(buffer.take(1_500)).toBeNull();
  });

  it("forgets everything on clear", () => {
    const buffer = new KeyBuffer();
    buffer.push("p", 0);
    buffer.clear();
    expect(buffer.take(0)).toBeNull();
  });
});
