import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeSection } from "../../../../../server/domain/section.ts";
import {
  type DraftItem,
  itemLimits,
  parseCsv,
  parseLabels,
  parseLines,
  splitCsv,
  validateItems,
} from "../../../../../renderer/src/features/tester/import-parsers.ts";

const messages = (result: {
  readonly issues: ReadonlyArray<{
    readonly message: string;
    readonly vars: Readonly<Record<string, string | number>>;
  }>;
}) => result.issues.map((issue) => [issue.message, issue.vars]);

describe("parseLines", () => {
  it("splits on the last ' / ': titles keep bare slashes, sections nest", () => {
    const { items, issues } = parseLines(
      ["Radio/Handover / RX/TX sensitivity", "Radio / Handover / Ping", "Display / Brightness", "Boot time"].join("\n"),
    );
    expect(items).toEqual([
      { title: "RX/TX sensitivity", section: "Radio/Handover", line: 1 },
      { title: "Ping", section: "Radio/Handover", line: 2 },
      { title: "Brightness", section: "Display", line: 3 },
      { title: "Boot time", line: 4 },
    ]);
    expect(issues).toEqual([]);
  });

  it("skips empty lines but counts them, with LF, CRLF or CR line ends", () => {
    for (const end of ["\n", "\r\n", "\r"]) {
      const { items } = parseLines(["", "A / One", "   ", "Two", ""].join(end));
      expect(items.map((item) => [item.line, item.title])).toEqual([
        [2, "One"],
        [4, "Two"],
      ]);
    }
  });

  it("reports a title over the server's limit by its line", () => {
    const long = "x".repeat(itemLimits.title + 1);
    const result = parseLines(`ok\n\nSection / ${long}`);
    expect(messages(result)).toEqual([["parse.titleTooLong", { line: 3 }]]);
    expect(result.issues.every((issue) => issue.blocking)).toBe(true);
  });

  it("reports a section over the limit by its line", () => {
    expect(messages(parseLines(`${"s".repeat(itemLimits.section + 1)} / Title`))).toEqual([
      ["parse.sectionTooLong", { line: 1 }],
    ]);
  });

  it("is empty for empty text", () => {
    expect(parseLines("")).toEqual({ items: [], issues: [] });
  });
});

describe("parseCsv", () => {
  it("reads a header naming title, section and key in any order and case", () => {
    const { items, issues } = parseCsv("Key,TITLE,Section\nRX-1,RX sensitivity,Radio\nRX-2,TX power,Radio / TX\n");
    expect(items).toEqual([
      { title: "RX sensitivity", section: "Radio", key: "RX-1", line: 2 },
      { title: "TX power", section: "Radio/TX", key: "RX-2", line: 3 },
    ]);
    expect(issues).toEqual([]);
  });

  it("reads quoted fields with commas, doubled quotes and line breaks (RFC 4180)", () => {
    const text = 'title,section\n"RX, TX","Radio"\n"Say ""hi""",Audio\n"Two\nlines",Misc\nLast,Misc';
    const { items, issues } = parseCsv(text);
    expect(items.map((item) => [item.line, item.title, item.section])).toEqual([
      [2, "RX, TX", "Radio"],
      [3, 'Say "hi"', "Audio"],
      [4, "Two\nlines", "Misc"],
      [6, "Last", "Misc"],
    ]);
    expect(issues).toEqual([]);
  });

  it("ignores a byte order mark, CRLF line ends and empty lines, keeping line numbers", () => {
    const text = "\uFEFFtitle,key\r\n\r\nOne,K1\r\n,\r\nTwo,K2\r\n";
    const { items, issues } = parseCsv(text);
    expect(items).toEqual([
      { title: "One", key: "K1", line: 3 },
      { title: "Two", key: "K2", line: 5 },
    ]);
    expect(issues).toEqual([]);
  });

  it("reads semicolon and tab separated files", () => {
    expect(parseCsv("section;title\nRadio;RX, low\n").items).toEqual([{ title: "RX, low", section: "Radio", line: 2 }]);
    expect(parseCsv("title\tkey\nA, B\tk\n").items).toEqual([{ title: "A, B", key: "k", line: 2 }]);
  });

  it("notes other columns without blocking", () => {
    const result = parseCsv("title,owner,Priority\nA,Ken,1\n");
    expect(result.items).toEqual([{ title: "A", line: 2 }]);
    expect(messages(result)).toEqual([
      ["parse.unknownColumn", { column: "owner" }],
      ["parse.unknownColumn", { column: "priority" }],
    ]);
    expect(result.issues.some((issue) => issue.blocking)).toBe(false);
  });

  it("reports problems by line: missing title, repeated key, unclosed quote", () => {
    expect(messages(parseCsv("title,key\nA,k1\n,k2\nB,k1\n"))).toEqual([
      ["parse.titleMissing", { line: 3 }],
      ["parse.keyRepeated", { line: 4, key: "k1", first: 2 }],
    ]);
    const unclosed = parseCsv('title\nA\n"B\nC\n');
    expect(messages(unclosed)).toEqual([["parse.unclosedQuote", { line: 3 }]]);
    expect(unclosed.items).toEqual([{ title: "A", line: 2 }]);
  });

  it("refuses a file without a title column, and an empty file", () => {
    expect(messages(parseCsv("name,section\nA,B\n"))).toEqual([["parse.noTitleColumn", {}]]);
    expect(messages(parseCsv(""))).toEqual([["parse.emptyFile", {}]]);
    expect(messages(parseCsv("\uFEFF \r\n"))).toEqual([["parse.emptyFile", {}]]);
  });

  it("reads back any items written as CSV, whatever their text", () => {
    const text = fc.string({
      unit: fc.constantFrom("a", "Z", "7", " ", ",", ";", "\t", '"', "\n", "\r\n", "/", "é", "試"),
    });
    const cell = (value: string) =>
      /[",;\t\r\n]/.test(value) || value.trim() !== value ? `"${value.replaceAll('"', '""')}"` : value;
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, section: text, key: text }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(",", ";", "\t"),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (rows, delimiter, end, bom) => {
          const kept = rows.filter((row) => row.title.trim() !== "");
          const withKeys = kept.map((row, i) => ({ ...row, key: `${i}-${row.key}` }));
          const csv = `${bom ? "\uFEFF" : ""}title${delimiter}section${delimiter}key${end}${withKeys
            .map((row) => [row.title, row.section, row.key].map(cell).join(delimiter))
            .join(end)}${end}`;
          const { items, issues } = parseCsv(csv);
          expect(issues).toEqual([]);
          expect(items.map((item) => item.title)).toEqual(withKeys.map((row) => row.title.trim()));
          expect(items.map((item) => item.key)).toEqual(withKeys.map((row) => row.key.trim()));
          expect(items.map((item) => item.section ?? "")).toEqual(withKeys.map((row) => normalizeSection(row.section)));
          // Each row's line counts the line breaks inside the quoted fields before it.
          let line = 2;
          const lines = withKeys.map((row) => {
            const start = line;
            line += 1 + [row.title, row.section, row.key].join("").split("\n").length - 1;
            return start;
          });
          expect(items.map((item) => item.line)).toEqual(lines);
        },
      ),
    );
  });
});

describe("splitCsv", () => {
  it("reports where an unclosed quote opened", () => {
    expect(splitCsv('a,b\n"c,d\ne\n', ",").unclosedAt).toBe(2);
  });
});

describe("validateItems", () => {
  const item = (line: number, overrides: Partial<DraftItem> = {}): DraftItem => ({
    title: `T${line}`,
    line,
    ...overrides,
  });

  it("accepts values at the server's limits and refuses them one over", () => {
    const atLimit = [
      item(1, {
        title: "t".repeat(itemLimits.title),
        section: "s".repeat(itemLimits.section),
        key: "k".repeat(itemLimits.key),
      }),
    ];
    expect(validateItems(atLimit)).toEqual([]);
    const over = [
      item(1, {
        title: "t".repeat(itemLimits.title + 1),
        section: "s".repeat(itemLimits.section + 1),
        key: "k".repeat(itemLimits.key + 1),
      }),
    ];
    expect(validateItems(over).map((issue) => issue.message)).toEqual([
      "parse.titleTooLong",
      "parse.sectionTooLong",
      "parse.keyTooLong",
    ]);
  });

  it("refuses more items than one request may carry", () => {
    const many = Array.from({ length: itemLimits.items + 1 }, (_, i) => item(i + 1));
    expect(validateItems(many).map((issue) => issue.message)).toEqual(["parse.tooMany"]);
    expect(validateItems(many.slice(1))).toEqual([]);
  });
});

describe("parseLabels", () => {
  it("reads key=value pairs separated by commas, ideographic commas or lines", () => {
    expect(parseLabels("build=2.4.1, bench = A、lab=3\nnight=")).toEqual({
      labels: { build: "2.4.1", bench: "A", lab: "3", night: "" },
      issues: [],
    });
  });

  it("reports pairs without a key, over-long labels and too many labels", () => {
    expect(parseLabels("=x, novalue").issues.map((issue) => [issue.message, issue.vars])).toEqual([
      ["parse.labelInvalid", { label: "=x" }],
      ["parse.labelInvalid", { label: "novalue" }],
    ]);
    expect(parseLabels(`${"k".repeat(itemLimits.labelKey + 1)}=v`).issues.map((issue) => issue.message)).toEqual([
      "parse.labelTooLong",
    ]);
    const many = Array.from({ length: itemLimits.labels + 1 }, (_, i) => `k${i}=v`).join(",");
    expect(parseLabels(many).issues.map((issue) => issue.message)).toEqual(["parse.tooManyLabels"]);
  });
});
