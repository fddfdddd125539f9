import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countStatuses,
  emptyCounts,
  isConsistent,
  type RunCounts,
  shiftCounts,
} from "../../../server/domain/run-counts.ts";
import { type ItemStatus, ItemStatuses } from "../../../server/domain/test-item.ts";

const status = fc.constantFrom(...ItemStatuses);

/** One change a lab makes: add an item with a status, or move an existing item to a status. */
type Move =
  | { readonly kind: "add"; readonly to: ItemStatus }
  | { readonly kind: "move"; readonly pick: number; readonly to: ItemStatus };
const move: fc.Arbitrary<Move> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), to: status }),
  fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), to: status }),
);

describe("countStatuses", () => {
  it("counts nothing for no items", () => {
    expect(countStatuses([])).toEqual(emptyCounts());
  });

  it("counts each status and the total", () => {
    expect(countStatuses(["passed", "failed", "passed", "untested", "retest", "blocked", "skipped", "passed"])).toEqual(
      {
        total: 8,
        untested: 1,
        passed: 3,
        failed: 1,
        blocked: 1,
        skipped: 1,
        retest: 1,
      },
    );
  });

  it("accepts any iterable, e.g. a generator over database rows", () => {
    function* statuses(): Generator<ItemStatus> {
      yield "failed";
      yield "failed";
    }
    expect(countStatuses(statuses())).toMatchObject({ total: 2, failed: 2 });
  });
});

describe("shiftCounts", () => {
  const start: RunCounts = countStatuses(["untested", "untested", "passed"]);

  it("moves one item from one status to another, keeping the total", () => {
    expect(shiftCounts(start, "untested", "failed")).toEqual({ ...start, untested: 1, failed: 1 });
  });

  it("adds an item when it comes from nowhere", () => {
    expect(shiftCounts(start, null, "untested")).toEqual({ ...start, total: 4, untested: 3 });
  });

  it("changes nothing when the status stays the same (a note edit)", () => {
    expect(shiftCounts(start, "passed", "passed")).toEqual(start);
  });

  it("does not modify the counts it was given", () => {
    const before = { ...start };
    shiftCounts(start, "untested", "blocked");
    expect(start).toEqual(before);
  });

  it("keeps counts consistent and equal to a recount after any sequence of moves", () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 200 }), (moves) => {
        const items: ItemStatus[] = [];
        let counts = emptyCounts();
        for (const m of moves) {
          if (m.kind === "add") {
            counts = shiftCounts(counts, null, m.to);
            items.push(m.to);
            continue;
          }
          if (items.length === 0) continue;
          const index = m.pick % items.length;
          const from = items[index];
          if (from === undefined) throw new Error("index out of range");
          counts = shiftCounts(counts, from, m.to);
          items[index] = m.to;
          expect(isConsistent(counts)).toBe(true);
        }
        expect(counts).toEqual(countStatuses(items));
        expect(isConsistent(counts)).toBe(true);
      }),
    );
  });
});

describe("isConsistent", () => {
  it("holds for empty counts and for any recount", () => {
    expect(isConsistent(emptyCounts())).toBe(true);
    fc.assert(fc.property(fc.array(status), (statuses) => isConsistent(countStatuses(statuses))));
  });

  it("catches a total that does not match the sum of the statuses", () => {
    const counts = countStatuses(["passed", "failed"]);
    expect(isConsistent({ ...counts, total: 3 })).toBe(false);
    expect(isConsistent({ ...counts, passed: 2 })).toBe(false);
    expect(isConsistent({ ...counts, retest: 1 })).toBe(false);
  });
});
