import { describe, expect, it } from "vitest";
import { exportJson, jsonReportFormat } from "../../../../cli/export/export-json.ts";
import { fixtureItems, fixtureModel } from "./report-fixture.ts";

describe("JSON export", () => {
  it("is one versioned document with run, counts, items, comments and the progress series", () => {
    const text = exportJson(fixtureModel());
    expect(text.endsWith("}\n")).toBe(true);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(doc.format).toBe(jsonReportFormat);
    expect(jsonReportFormat).toBe("medi-test.run-report/1");
    expect(Object.keys(doc)).toEqual([
      "format",
      "generatedAt",
      "generatedBy",
      "server",
      "run",
      "counts",
      "summary",
      "sections",
      "items",
      "comments",
      "series",
    ]);
    expect(doc.generatedBy).toBe("medi-test 9.9.9");
    expect(doc.run).not.toHaveProperty("items");
    expect(doc.counts).toEqual({ total: 8, untested: 1, passed: 2, failed: 2, blocked: 1, skipped: 1, retest: 1 });
    expect((doc.items as unknown[]).length).toBe(fixtureItems.length);
    expect((doc.comments as Array<{ id: string }>).map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    expect(doc.series).toEqual([
      { at: "2026-11-30T09:00:00.000Z", done: 0, failed: 0, total: 8 },
      { at: "2026-11-30T09:11:00.000Z", done: 1, failed: 0, total: 8 },
      { at: "2026-11-30T09:12:00.000Z", done: 2, failed: 1, total: 8 },
      { at: "2026-11-30T09:15:00.000Z", done: 5, failed: 1, total: 8 },
      { at: "2026-11-30T09:18:00.000Z", done: 6, failed: 2, total: 8 },
    ]);
    expect(doc.summary).toEqual({ done: 6, progress: 0.75, passRate: 0.5, durationMs: 35 * 60_000 });
  });
});
