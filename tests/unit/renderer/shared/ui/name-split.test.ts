import { describe, expect, it } from "vitest";
import { splitName } from "../../../../../renderer/src/shared/ui/name-split.ts";

const tailOf = (name: string) => splitName(name).tail;

describe("splitName", () => {
  it("keeps the ending that tells runs of one template apart", () => {
    expect(splitName("Release 4.2 regression · device 07")).toEqual({
      head: "Release 4.2 regression ·",
      tail: "device 07",
      spaced: true,
    });
    expect(splitName("回帰テスト v4.2・iPad・夜間")).toEqual({
      head: "回帰テスト v4.2・",
      tail: "iPad・夜間",
      spaced: false,
    });
    expect(tailOf("Firmware 7.1 smoke · bench B #2")).toBe("bench B #2");
    expect(tailOf("受入テスト 第3版・病棟端末 #3")).toBe("病棟端末 #3");
    expect(tailOf("回帰テスト v4.2・iPad・夜間")).toBe("iPad・夜間");
    expect(tailOf("Display EVT-3 validation 7")).toBe("validation 7");
    expect(tailOf("Release 4.2 regression · iOS")).toBe("iOS");
  });

  it("gives way at the end when the last word is long, the name short, or there is no word to keep", () => {
    expect(splitName("Android 15 compatibility")).toEqual({
      head: "Android 15 compatibility",
      tail: "",
      spaced: false,
    });
    expect(splitName("Display EVT")).toEqual({ head: "Display EVT", tail: "", spaced: false });
    expect(splitName("Averyveryverylongsinglewordname")).toEqual({
      head: "Averyveryverylongsinglewordname",
      tail: "",
      spaced: false,
    });
  });

  it("never splits a character made of two code units, and the parts always make the name", () => {
    for (const name of [
      "Radio 😀😀😀😀 😀😀😀😀😀😀😀😀😀",
      "性能試験・API ゲートウェイ・負荷試験 第2回",
      "x".repeat(40),
      "a b c d e f g h i j k l m n",
    ]) {
      const { head, tail, spaced } = splitName(name);
      expect(`${head}${spaced ? " " : ""}${tail}`.replace(/\s+/g, " ")).toBe(name.replace(/\s+/g, " "));
      expect(tail.length === 0 || !/^[\uDC00-\uDFFF]/.test(tail)).toBe(true);
      expect([...tail].length).toBeLessThanOrEqual(12);
    }
  });
});
