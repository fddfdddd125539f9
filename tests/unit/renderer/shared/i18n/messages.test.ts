import { describe, expect, it } from "vitest";
import { en, type MessageKey } from "../../../../../renderer/src/shared/i18n/messages-en.ts";
import { ja } from "../../../../../renderer/src/shared/i18n/messages-ja.ts";

const placeholders = (template: string): string[] =>
  [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ""))].sort();

const dictionaries: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]> = [
  ["en", en],
  ["ja", ja],
];

describe("message dictionaries", () => {
  it("have the same keys in English and Japanese", () => {
    const enKeys = Object.keys(en).sort();
    const jaKeys = Object.keys(ja).sort();
    expect(enKeys.filter((key) => !jaKeys.includes(key))).toEqual([]);
    expect(jaKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it("have no empty strings", () => {
    for (const [lang, messages] of dictionaries) {
      const empty = Object.entries(messages).filter(([, text]) => text.trim() === "");
      expect(empty, lang).toEqual([]);
    }
  });

  it("fill the same placeholders in both languages", () => {
    const keys = Object.keys(en).filter((key): key is MessageKey => key in en);
    const mismatched = keys.filter((key) => placeholders(en[key]).join() !== placeholders(ja[key]).join());
    expect(mismatched).toEqual([]);
  });
});
