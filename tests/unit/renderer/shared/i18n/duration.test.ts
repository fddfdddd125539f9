import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationText } from "../../../../../renderer/src/shared/i18n/duration.ts";
import { en } from "../../../../../renderer/src/shared/i18n/messages-en.ts";
import { ja } from "../../../../../renderer/src/shared/i18n/messages-ja.ts";

const second = 1_000;
const minute = 60 * second;
const hour = 60 * minute;

const fill = (template: string, vars: Readonly<Record<string, number>>): string =>
  template.replace(/\{(\w+)\}/g, (_whole, name: string) => String(vars[name]));
const say = (dictionary: Record<string, string>, ms: number): string => {
  const { key, vars } = durationText(ms);
  return fill(dictionary[key] ?? key, vars);
};

describe("durationText", () => {
  it("says a run's length the way the board shows it, in English and Japanese", () => {
    expect(say(en, 3 * hour + 12 * minute + 40 * second)).toBe("3 h 12 min");
    expect(say(ja, 3 * hour + 12 * minute)).toBe("3時間12分");
    expect(say(en, 45 * second)).toBe("45 s");
    expect(say(ja, 12 * minute)).toBe("12分");
    expect(say(en, 2 * hour)).toBe("2 h");
    expect(say(en, 30 * hour + 5 * minute)).toBe("30 h 5 min");
    expect(say(en, 50 * hour)).toBe("2 d 2 h");
    expect(say(ja, 72 * hour)).toBe("3日");
    expect(say(en, -5 * second)).toBe("0 s");
  });

  it("fills every placeholder of its message, for every duration", () => {
    fc.assert(
      fc.property(fc.integer({ min: -hour, max: 400 * 24 * hour }), (ms) => {
        expect(say(en, ms)).not.toMatch(/[{}]|undefined|NaN/);
        expect(say(ja, ms)).not.toMatch(/[{}]|undefined|NaN/);
      }),
    );
  });
});
