import { normalizeSection } from "../../../../server/domain/section.ts";
import type { MessageKey } from "../../shared/i18n/messages-en.ts";

/**
 * Turns what a tester pastes or uploads into the items of a new run, checked against the same
 * limits the server's schemas apply (server/domain/requests.ts), so mistakes show up with their
 * line numbers before anything is sent.
 */

export const itemLimits = {
  title: 500,
  section: 300,
  key: 500,
  items: 10_000,
  name: 200,
  labelKey: 50,
  labelValue: 200,
  labels: 30,
} as const;

export interface DraftItem {
  readonly title: string;
  readonly section?: string;
  readonly key?: string;
  /** Line in the source (1-based), for messages. */
  readonly line: number;
}

export interface Issue {
  readonly message: MessageKey;
  readonly vars: Readonly<Record<string, string | number>>;
  /** Blocking issues stop the run from being created; the others are notes. */
  readonly blocking: boolean;
}

export interface ParseResult {
  readonly items: ReadonlyArray<DraftItem>;
  readonly issues: ReadonlyArray<Issue>;
}

const issue = (message: MessageKey, vars: Record<string, string | number> = {}, blocking = true): Issue => ({
  message,
  vars,
  blocking,
});

const draft = (title: string, section: string, key: string, line: number): DraftItem => {
  const normalized = normalizeSection(section);
  return {
    title: title.trim(),
    line,
    ...(normalized === "" ? {} : { section: normalized }),
    ...(key.trim() === "" ? {} : { key: key.trim() }),
  };
};

/** Lengths, repeated keys and the item cap. */
export const validateItems = (items: ReadonlyArray<DraftItem>): Issue[] => {
  const issues: Issue[] = [];
  const keys = new Map<string, number>();
  for (const item of items) {
    if (item.title === "") issues.push(issue("parse.titleMissing", { line: item.line }));
    else if (item.title.length > itemLimits.title) issues.push(issue("parse.titleTooLong", { line: item.line }));
    if ((item.section?.length ?? 0) > itemLimits.section)
      issues.push(issue("parse.sectionTooLong", { line: item.line }));
    if (item.key !== undefined) {
      if (item.key.length > itemLimits.key) issues.push(issue("parse.keyTooLong", { line: item.line }));
      const first = keys.get(item.key);
      if (first !== undefined) issues.push(issue("parse.keyRepeated", { line: item.line, key: item.key, first }));
      else keys.set(item.key, item.line);
    }
  }
  if (items.length > itemLimits.items) issues.push(issue("parse.tooMany", { max: itemLimits.items }));
  return issues;
};

/**
 * One item per line, `Section / Title`. The last " / " (with spaces) separates the section from
 * the title, so titles may contain bare slashes ("RX/TX") and sections may nest ("Radio/Handover"
 * or "Radio / Handover"). A line without " / " has no section. Blank lines are skipped.
 */
export const parseLines = (text: string): ParseResult => {
  const items: DraftItem[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    const at = line.lastIndexOf(" / ");
    if (at === -1) items.push(draft(line, "", "", index + 1));
    else items.push(draft(line.slice(at + 3), line.slice(0, at), "", index + 1));
  });
  return { items, issues: validateItems(items) };
};

interface CsvRecord {
  readonly fields: ReadonlyArray<string>;
  readonly line: number;
}

/** RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export const splitCsv = (text: string, delimiter: string): { records: CsvRecord[]; unclosedAt: number | null } => {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === "\n") line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (char === delimiter) {
      fields.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ fields, line: recordLine });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (quoted) return { records, unclosedAt: quoteLine };
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return { records, unclosedAt: null };
};

const columns = ["title", "section", "key"] as const;

/**
 * A CSV with a header row naming its columns: `title` (required), `section`, `key`, in any order
 * and case. Comma, semicolon or tab separated (spreadsheets in some locales export semicolons).
 * Other columns are ignored with a note.
 */
export const parseCsv = (input: string): ParseResult => {
  const text = input.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { items: [], issues: [issue("parse.emptyFile")] };
  const headerLine = text.split(/\r\n|\n|\r/, 1)[0] ?? "";
  const delimiter = [",", ";", "\t"].reduce(
    (best, candidate) => (headerLine.split(candidate).length > headerLine.split(best).length ? candidate : best),
    ",",
  );
  const { records, unclosedAt } = splitCsv(text, delimiter);
  const issues: Issue[] = [];
  if (unclosedAt !== null) issues.push(issue("parse.unclosedQuote", { line: unclosedAt }));
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const index = (column: (typeof columns)[number]) => names.indexOf(column);
  if (index("title") === -1) return { items: [], issues: [...issues, issue("parse.noTitleColumn")] };
  for (const name of names) {
    if (name !== "" && !columns.some((column) => column === name))
      issues.push(issue("parse.unknownColumn", { column: name }, false));
  }
  const items: DraftItem[] = [];
  for (const row of rows) {
    if (row.fields.every((value) => value.trim() === "")) continue;
    const get = (column: (typeof columns)[number]) => {
      const at = index(column);
      return at === -1 ? "" : (row.fields[at] ?? "");
    };
    items.push(draft(get("title"), get("section"), get("key"), row.line));
  }
  return { items, issues: [...issues, ...validateItems(items)] };
};

export interface LabelsResult {
  readonly labels: Readonly<Record<string, string>>;
  readonly issues: ReadonlyArray<Issue>;
}

/** `build=2.4.1, bench=A` → { build: "2.4.1", bench: "A" }. */
export const parseLabels = (text: string): LabelsResult => {
  const labels: Record<string, string> = {};
  const issues: Issue[] = [];
  for (const part of text.split(/[,、\n]/)) {
    const trimmed = part.trim();
    if (trimmed === "") continue;
    const at = trimmed.indexOf("=");
    const key = at === -1 ? "" : trimmed.slice(0, at).trim();
    const value = at === -1 ? "" : trimmed.slice(at + 1).trim();
    if (key === "") {
      issues.push(issue("parse.labelInvalid", { label: trimmed }));
      continue;
    }
    if (key.length > itemLimits.labelKey || value.length > itemLimits.labelValue)
      issues.push(issue("parse.labelTooLong", { label: key }));
    labels[key] = value;
  }
  if (Object.keys(labels).length > itemLimits.labels) issues.push(issue("parse.tooManyLabels"));
  return { labels, issues };
};
