import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeSection } from "../../../server/domain/section.ts";

describe("normalizeSection", () => {
  it.each([
    ["Radio/Handover", "Radio/Handover"],
    [" Radio / Handover ", "Radio/Handover"],
    ["/Radio//Handover/", "Radio/Handover"],
    ["Power / Deep sleep", "Power/Deep sleep"],
    ["Login", "Login"],
    ["  ", ""],
    ["///", ""],
    ["", ""],
  ])("%j becomes %j", (input, expected) => {
    expect(normalizeSection(input)).toBe(expected);
  });

  it("treats a missing section as the top level", () => {
    expect(normalizeSection(undefined)).toBe("");
  });

  it("is idempotent and never leaves empty or padded parts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "B c", " ", "/", "  /", "Ü", "\t")).map((parts) => parts.join("")),
        (raw) => {
          const once = normalizeSection(raw);
          expect(normalizeSection(once)).toBe(once);
          const parts = once === "" ? [] : once.split("/");
          for (const part of parts) {
            expect(part).toBe(part.trim());
            expect(part.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
