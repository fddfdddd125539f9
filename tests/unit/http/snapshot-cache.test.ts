import { describe, expect, it } from "vitest";
import { makeSnapshotCache } from "../../../server/http/sse/snapshot-cache.ts";

const frame = (text: string) => new TextEncoder().encode(text);

describe("snapshot cache: one build for many walls", () => {
  it("serves a state only at the seq it was built at, and only while young", () => {
    let now = 0;
    const cache = makeSnapshotCache({ maxEntries: 4, maxAgeMs: 2_000 }, () => now);
    cache.put("all", { seq: 10, frame: frame("a") });
    expect(cache.get("all", 10)?.seq).toBe(10);
    // Something was written since: a fresh build is needed.
    expect(cache.get("all", 11)).toBeUndefined();
    cache.put("all", { seq: 11, frame: frame("b") });
    now = 2_001;
    expect(cache.get("all", 11)).toBeUndefined();
    expect(cache.size()).toBe(0);
  });

  it("keeps at most maxEntries, dropping the oldest", () => {
    const cache = makeSnapshotCache({ maxEntries: 2, maxAgeMs: 60_000 }, () => 0);
    cache.put("a", { seq: 1, frame: frame("a") });
    cache.put("b", { seq: 1, frame: frame("b") });
    cache.put("c", { seq: 1, frame: frame("c") });
    expect(cache.size()).toBe(2);
    expect(cache.get("a", 1)).toBeUndefined();
    expect(cache.get("c", 1)).toBeDefined();
  });
});
