import { type ReportModel, recordedAt } from "./report-model.ts";
import type { ReportKey, ReportText } from "./report-text.ts";

/**
 * A run's items as CSV: RFC 4180 (every field quoted when it must be, quotes doubled, CRLF line
 * ends), UTF-8 with a byte-order mark so Excel (Japanese Windows included) reads it as UTF-8, one
 * row per item in board order. Headers follow the report's language; statuses stay the API's
 * values, so a sheet filters the same in both languages.
 */

export const utf8Bom = "\uFEFF";

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return before
 * one) gets a leading apostrophe: a title like `=HYPERLINK(...)` stays text.
 */
export const neutralizeFormula = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (or leading/trailing space). */
export const csvField = (cell: string): string =>
  /[",\r\n]|^\s|\s$/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;

export const csvRow = (cells: ReadonlyArray<string>): string => `${cells.map(csvField).join(",")}\r\n`;

const headerKeys: ReadonlyArray<ReportKey> = [
  "csv.section",
  "csv.key",
  "csv.title",
  "csv.status",
  "csv.note",
  "csv.assignee",
  "csv.recordedBy",
  "csv.recordedAt",
  "csv.duration",
];

/** Seconds with up to three decimals, never in exponent form: 1200 ms → "1.2". */
export const seconds = (ms: number | null): string => (ms === null ? "" : String(Number((ms / 1000).toFixed(3))));

export const exportCsv = (model: ReportModel, text: ReportText): string => {
  const rows = model.items.map((item) =>
    [
      item.section,
      item.key ?? "",
      item.title,
      item.status,
      item.note ?? "",
      item.assignee ?? "",
      item.updatedBy ?? "",
      recordedAt(item) ?? "",
      seconds(item.durationMs),
    ].map(neutralizeFormula),
  );
  return utf8Bom + csvRow(headerKeys.map((key) => text.t(key))) + rows.map(csvRow).join("");
};
