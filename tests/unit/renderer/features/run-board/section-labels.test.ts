import { describe, expect, it } from "vitest";
import { sectionLabels, sharedPrefix } from "../../../../../renderer/src/features/run-board/section-labels.ts";

describe("sectionLabels", () => {
  it("drops the package every test class shares", () => {
    expect(
      sectionLabels(["com.lab.radio.Suite001Test", "com.lab.radio.Suite002Test", "com.lab.radio.ui.MapTest"]),
    ).toEqual(["Suite001Test", "Suite002Test", "ui.MapTest"]);
  });

  it("cuts only at a separator: a shared start of a word stays", () => {
    expect(sectionLabels(["Radio/Handover", "Radio/Hands-free", "Radio/Home"])).toEqual([
      "Handover",
      "Hands-free",
      "Home",
    ]);
    expect(sectionLabels(["Handover", "Hands-free"])).toEqual(["Handover", "Hands-free"]);
    expect(sharedPrefix(["tests/e2e/board.test.ts", "tests/e2e/wall.test.ts", "tests/unit/x.test.ts"])).toBe("tests/");
  });

  it("keeps names whole when they share nothing, there is one section, or a name is the prefix itself", () => {
    expect(sectionLabels(["Login", "Radio/Handover", "Display"])).toEqual(["Login", "Radio/Handover", "Display"]);
    expect(sectionLabels(["com.lab.radio.Suite001Test"])).toEqual(["com.lab.radio.Suite001Test"]);
    expect(sectionLabels(["a.", "a.b"])).toEqual(["a.", "a.b"]);
    expect(sectionLabels(["", "x.y"])).toEqual(["", "x.y"]);
    expect(sectionLabels([])).toEqual([]);
  });

  it("works on Japanese names with full-width text", () => {
    expect(sectionLabels(["無線 › ハンドオーバー", "無線 › 省電力"])).toEqual(["ハンドオーバー", "省電力"]);
  });
});
