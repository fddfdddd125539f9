import { describe, expect, it } from "vitest";
import { backoffMs } from "../../../../../server/infrastructure/adapters/redis/redis-connection.ts";

describe("Redis reconnect backoff", () => {
  it("doubles from 50 ms up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20, 5_000].map((attempt) => backoffMs(attempt, 2_000, 0.5))).toEqual([
      50, 100, 200, 400, 800, 1_600, 2_000, 2_000, 2_000,
    ]);
  });

  it("spreads instances by ±20 %", () => {
    expect(backoffMs(4, 2_000, 0)).toBe(320);
    expect(backoffMs(4, 2_000, 1)).toBe(480);
    expect(backoffMs(100, 2_000, 1)).toBe(2_400);
  });
});
