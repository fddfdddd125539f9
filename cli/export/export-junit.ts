import type { TestItem } from "../../server/domain/test-item.ts";
import { plainText } from "./plain-text.ts";
import { itemsBySection, type ReportModel } from "./report-model.ts";

/**
 * The run as JUnit XML: one `<testsuite>` per section (board order), one `<testcase>` per item.
 *
 * - passed → a plain test case; failed → `<failure>`; blocked → `<error type="blocked">` (it
 *   could not be run: a problem, not a choice); skipped, retest and untested → `<skipped>` with
 *   the status as its message (they have no result yet, or none was wanted).
 * - `classname` and `name` are made from the item's key so that the server's import
 *   (server/domain/junit, key `classname.name`) finds the same key again: split at its last dot,
 *   or `classname` = `name` = the key when it has none (the jest-junit form, read as the name
 *   alone). An item without a key is named by its title.
 * - `time` is the duration in seconds; the item's title, status and who recorded it are
 *   `<properties>` of the test case, the note is the failure's text.
 *
 * Every attribute and text is escaped, and characters XML 1.0 cannot hold are replaced by U+FFFD
 * (plain-text.ts).
 */

export const xmlText = (text: string): string =>
  plainText(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** An attribute value (double-quoted); line breaks and tabs kept as character references. */
export const xmlAttr = (text: string): string =>
  xmlText(text).replaceAll('"', "&quot;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;").replaceAll("\t", "&#9;");

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** classname and name that the import turns back into `key` (server/domain/junit/junit-results.ts `keyOf`). */
export const junitNames = (item: Pick<TestItem, "key" | "title">): { classname: string; name: string } => {
  const key = item.key ?? item.title.trim();
  const dot = key.lastIndexOf(".");
  if (dot > 0 && dot < key.length - 1) {
    const classname = key.slice(0, dot);
    const name = key.slice(dot + 1);
    // The import trims both and reads classname === name as the name alone: such a split would not come back.
    if (classname.trim() === classname && name.trim() === name && classname !== name) return { classname, name };
  }
  return { classname: key, name: key };
};

const firstLine = (text: string): string => text.split(/\r?\n/, 1)[0]?.slice(0, 200) ?? "";

const outcome = (item: TestItem): string => {
  const note = item.note ?? "";
  switch (item.status) {
    case "passed":
      return "";
    case "failed":
      return `<failure message="${xmlAttr(firstLine(note) || "failed")}" type="failed">${xmlText(note)}</failure>`;
    case "blocked":
      return `<error message="${xmlAttr(firstLine(note) || "blocked")}" type="blocked">${xmlText(note)}</error>`;
    case "skipped":
    case "retest":
    case "untested":
      return `<skipped message="${xmlAttr(note === "" ? item.status : `${item.status}: ${firstLine(note)}`)}"/>`;
  }
};

const property = (name: string, value: string | null): string =>
  value === null ? "" : `<property name="${name}" value="${xmlAttr(value)}"/>`;

const testcase = (item: TestItem): string => {
  const { classname, name } = junitNames(item);
  const time = item.durationMs === null ? "" : ` time="${seconds(item.durationMs)}"`;
  const properties = [
    property("title", item.title),
    property("status", item.status),
    property("assignee", item.assignee),
    property("recordedBy", item.updatedBy),
  ].join("");
  return `    <testcase classname="${xmlAttr(classname)}" name="${xmlAttr(name)}"${time}>\n      <properties>${properties}</properties>${outcome(item)}\n    </testcase>\n`;
};

const totalTime = (items: ReadonlyArray<TestItem>): string =>
  seconds(items.reduce((sum, item) => sum + (item.durationMs ?? 0), 0));

/** JUnit's four numbers for a set of items. */
export const junitCounts = (items: ReadonlyArray<TestItem>) => ({
  tests: items.length,
  failures: items.filter((i) => i.status === "failed").length,
  errors: items.filter((i) => i.status === "blocked").length,
  skipped: items.filter((i) => i.status === "skipped" || i.status === "retest" || i.status === "untested").length,
});

const countAttrs = (items: ReadonlyArray<TestItem>): string => {
  const c = junitCounts(items);
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${totalTime(items)}"`;
};

export const exportJunit = (model: ReportModel): string => {
  const timestamp = model.run.startedAt ?? model.run.createdAt;
  const suites = itemsBySection(model.items).map(({ section, items }) => {
    return `  <testsuite name="${xmlAttr(section)}" ${countAttrs(items)} timestamp="${xmlAttr(timestamp)}">\n${items.map(testcase).join("")}  </testsuite>\n`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlAttr(model.run.name)}" ${countAttrs(model.items)}>\n${suites.join("")}</testsuites>\n`;
};
