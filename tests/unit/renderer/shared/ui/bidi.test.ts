import { describe, expect, it } from "vitest";
import { isolate } from "../../../../../renderer/src/shared/ui/bidi.tsx";
import { labelsText } from "../../../../../renderer/src/shared/ui/labels-text.ts";

const fsi = "\u2068";
const pdi = "\u2069";

describe("isolate", () => {
  it("wraps a string in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE", () => {
    expect(isolate("\u202eAiko")).toBe(`${fsi}\u202eAiko${pdi}`);
    expect(isolate("")).toBe(`${fsi}${pdi}`);
  });
});

describe("labelsText", () => {
  it("isolates every key and value, so an override in one label cannot reverse the next", () => {
    expect(labelsText({ bench: "\u202eA", build: "2.4.1" })).toBe(
      `${fsi}bench${pdi} ${fsi}\u202eA${pdi} · ${fsi}build${pdi} ${fsi}2.4.1${pdi}`,
    );
    expect(labelsText({})).toBe("");
  });
});
