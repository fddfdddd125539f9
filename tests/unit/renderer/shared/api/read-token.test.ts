import { describe, expect, it } from "vitest";
import {
  loadReadToken,
  type TokenStorage,
  withAccessToken,
} from "../../../../../renderer/src/shared/api/read-token.ts";

const memoryStorage = (): TokenStorage & { readonly items: Map<string, string> } => {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
};

describe("loadReadToken", () => {
  it("takes the token from the address and keeps it for the tab", () => {
    const storage = memoryStorage();
    expect(loadReadToken("?runs=a&access_token=mt_wall1", storage)).toBe("mt_wall1");
    // Later, an address without it (a redirect, a hand-typed link) still has the tab's token.
    expect(loadReadToken("?runs=a", storage)).toBe("mt_wall1");
    // A new token in the address wins and replaces the kept one.
    expect(loadReadToken("?access_token=mt_wall2", storage)).toBe("mt_wall2");
    expect(loadReadToken("", storage)).toBe("mt_wall2");
  });

  it("has no token when neither the address nor the tab has one, or storage is refused", () => {
    expect(loadReadToken("", memoryStorage())).toBeNull();
    expect(loadReadToken("?access_token=", memoryStorage())).toBeNull();
    expect(loadReadToken("?access_token=mt_x", null)).toBe("mt_x");
    const refusing: TokenStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(loadReadToken("?access_token=mt_x", refusing)).toBe("mt_x");
    expect(loadReadToken("", refusing)).toBeNull();
  });
});

describe("withAccessToken", () => {
  it("adds the token to paths with and without a query, keeping the rest as written", () => {
    expect(withAccessToken("/board", "mt_a")).toBe("/board?access_token=mt_a");
    expect(withAccessToken("/api/stream?runs=a,b", "mt_a")).toBe("/api/stream?runs=a,b&access_token=mt_a");
    expect(withAccessToken("/runs/x#item", "mt_a")).toBe("/runs/x?access_token=mt_a#item");
    expect(withAccessToken("/login?next=%2Fruns", "a b+c")).toBe("/login?next=%2Fruns&access_token=a%20b%2Bc");
  });

  it("leaves an address alone when there is no token or it names one already", () => {
    expect(withAccessToken("/board?runs=a", null)).toBe("/board?runs=a");
    expect(withAccessToken("/board?access_token=mt_b", "mt_a")).toBe("/board?access_token=mt_b");
  });
});
