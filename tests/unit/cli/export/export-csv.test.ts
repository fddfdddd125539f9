import { describe, expect, it } from "vitest";
import { csvField, exportCsv, neutralizeFormula, seconds, utf8Bom } from "../../../../cli/export/export-csv.ts";
import { reportText } from "../../../../cli/export/report-text.ts";
import { fixtureModel, hostile } from "./report-fixture.ts";

/** A minimal RFC 4180 reader: fields, quotes doubled inside quoted fields, CRLF records. */
const parseCsv = (text: string): string[][] => {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") throw new Error(`bare line break at ${i}`);
    else field += ch;
  }
  if (field !== "" || row.length > 0) throw new Error("last record has no CRLF");
  return rows;
};

describe("CSV export", () => {
  const csv = exportCsv(fixtureModel(), reportText("en"));

  it("starts with a UTF-8 byte-order mark and ends every record with CRLF", () => {
    expect(csv.startsWith(utf8Bom)).toBe(true);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith("\r\n")).toBe(true);
    // Line breaks inside notes are inside quotes; every other one is CRLF.
    const rows = parseCsv(csv.slice(1));
    expect(rows).toHaveLength(1 + 8);
    expect(rows.every((r) => r.length === 9)).toBe(true);
  });

  it("has one row per item in board order with section, key, title, status, note, people, time and duration", () => {
    const [header, ...rows] = parseCsv(csv.slice(1));
    expect(header).toEqual([
      "section",
      "key",
      "title",
      "status",
      "note",
      "assignee",
      "recorded by",
      "recorded at",
      "duration (s)",
    ]);
    expect(rows[0]).toEqual([
      "Login",
      "suite.Login.case_1",
      "Case 1",
      "passed",
      "",
      "",
      "Aiko",
      "2026-11-30T09:11:00.000Z",
      "1.5",
    ]);
    const failed = rows.find((r) => r[3] === "failed" && r[1] === "suite.Login.case_2");
    expect(failed).toEqual([
      "Radio/Handover",
      "suite.Login.case_2",
      `Handover ${hostile}`,
      "failed",
      `Dropped call\n${hostile} & more`,
      "Ken",
      "Aiko",
      "2026-11-30T09:12:00.000Z",
      "3",
    ]);
    // Untested: no time, no duration.
    expect(rows.find((r) => r[3] === "untested")?.slice(6)).toEqual(["", "", ""]);
  });

  it("quotes commas, quotes and line breaks (RFC 4180)", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csv).toContain('"\'+1, ""quoted"", comma"');
  });

  it("keeps formulas from running: = + - @ tab and CR at the start get an apostrophe", () => {
    for (const cell of ["=1+1", "+1", "-2", "@SUM(A1)", "\t=x", "\r=x"])
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    for (const cell of ["1", "a=b", "", " =x"]) expect(neutralizeFormula(cell)).toBe(cell);
    const rows = parseCsv(csv.slice(1));
    expect(rows.find((r) => r[2] === "'@SUM(A1)")?.[1]).toBe("'-negative.key");
    expect(rows.find((r) => r[3] === "blocked")?.[4]).toBe('\'=HYPERLINK("http://evil")');
    // No cell of the file starts with a formula character.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });

  it("writes durations in seconds, never in exponent form", () => {
    expect(seconds(null)).toBe("");
    expect(seconds(1_200)).toBe("1.2");
    expect(seconds(1)).toBe("0.001");
    expect(seconds(31 * 24 * 3_600_000)).toBe("2678400");
  });

  it("has Japanese headers with --lang ja; statuses stay the API's values", () => {
    const ja = exportCsv(fixtureModel(), reportText("ja"));
    const [header, first] = parseCsv(ja.slice(1));
    expect(header).toEqual([
      "セクション",
      "キー",
      "タイトル",
      "ステータス",
      "メモ",
      "担当者",
      "記録者",
      "記録日時",
      "所要時間（秒）",
    ]);
    expect(first?.[3]).toBe("passed");
  });
});
