import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  arrive,
  fromLog,
  type LogStep,
  missingOf,
  observeBounds,
  type RelayOrder,
  type Sequenced,
  startAt,
  type Step,
} from "../../../server/domain/relay-order.ts";

interface Ev extends Sequenced {
  readonly from: string;
}

const ev = (seq: number, from = "redis"): Ev => ({ seq, from });
const seqs = (events: ReadonlyArray<Sequenced>): number[] => events.map((e) => e.seq);
const orderAt = (last: number, held: number[] = [], highest?: number): RelayOrder<Ev> => ({
  last,
  highest: highest ?? Math.max(last, ...held),
  held: held.map((seq) => ev(seq, "held")),
});

describe("arrive", () => {
  const cases: ReadonlyArray<{
    readonly name: string;
    readonly order: RelayOrder<Ev>;
    readonly batch: number[];
    readonly maxHeld?: number;
    readonly forward: number[];
    readonly last: number;
    readonly held: number[];
    readonly missing: { after: number; through: number } | undefined;
  }> = [
    {
      name: "the next seqs in order go out at once",
      order: orderAt(4),
      batch: [5, 6, 7],
      forward: [5, 6, 7],
      last: 7,
      held: [],
      missing: undefined,
    },
    {
      name: "seqs already forwarded are dropped",
      order: orderAt(4),
      batch: [3, 4, 5],
      forward: [5],
      last: 5,
      held: [],
      missing: undefined,
    },
    {
      name: "a duplicate inside one batch goes out once",
      order: orderAt(4),
      batch: [5, 5, 6, 6],
      forward: [5, 6],
      last: 6,
      held: [],
      missing: undefined,
    },
    {
      name: "an empty batch changes nothing",
      order: orderAt(4),
      batch: [],
      forward: [],
      last: 4,
      held: [],
      missing: undefined,
    },
    {
      name: "a gap holds what follows it and asks for the log",
      order: orderAt(4),
      batch: [7, 8],
      forward: [],
      last: 4,
      held: [7, 8],
      missing: { after: 4, through: 8 },
    },
    {
      name: "events before a gap go out, the rest waits",
      order: orderAt(4),
      batch: [5, 6, 8],
      forward: [5, 6],
      last: 6,
      held: [8],
      missing: { after: 6, through: 8 },
    },
    {
      name: "the missing seq closes the gap: held events follow in seq order",
      order: orderAt(4, [6, 7, 9]),
      batch: [5],
      forward: [5, 6, 7],
      last: 7,
      held: [9],
      missing: { after: 7, through: 9 },
    },
    {
      name: "a batch out of order is sorted",
      order: orderAt(4),
      batch: [7, 5, 6],
      forward: [5, 6, 7],
      last: 7,
      held: [],
      missing: undefined,
    },
    {
      name: "a seq already held is not held twice",
      order: orderAt(4, [6]),
      batch: [6, 7],
      forward: [],
      last: 4,
      held: [6, 7],
      missing: { after: 4, through: 7 },
    },
    {
      name: "held events are capped to the lowest seqs; the log covers the rest",
      order: orderAt(4),
      batch: [6, 7, 8, 9],
      maxHeld: 2,
      forward: [],
      last: 4,
      held: [6, 7],
      missing: { after: 4, through: 9 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const step = arrive(
        c.order,
        c.batch.map((seq) => ev(seq)),
        c.maxHeld,
      );
      expect(seqs(step.forward)).toEqual(c.forward);
      expect(step.order.last).toBe(c.last);
      expect(seqs(step.order.held)).toEqual(c.held);
      expect(step.missing).toEqual(c.missing);
    });
  }

  it("the first copy of a seq wins", () => {
    const held = arrive(startAt<Ev>(0), [ev(2, "first")]);
    const step = arrive(held.order, [ev(2, "second"), ev(1, "first")]);
    expect(step.forward).toEqual([ev(1, "first"), ev(2, "first")]);
  });
});

describe("observeBounds", () => {
  it("a log end past the last forwarded seq is missing", () => {
    const step = observeBounds(orderAt(4), { minSeq: 1, maxSeq: 9 });
    expect(step.forward).toEqual([]);
    expect(step.missing).toEqual({ after: 4, through: 9 });
    expect(step.skipped).toEqual([]);
  });

  it("a log end already forwarded asks for nothing", () => {
    expect(observeBounds(orderAt(9), { minSeq: 1, maxSeq: 9 }).missing).toBeUndefined();
  });

  it("seqs pruned from the log are skipped, and held events after them go out", () => {
    const step = observeBounds(orderAt(4, [20, 21, 23]), { minSeq: 20, maxSeq: 30 });
    expect(step.skipped).toEqual([{ after: 4, before: 20 }]);
    expect(seqs(step.forward)).toEqual([20, 21]);
    expect(step.order.last).toBe(21);
    expect(step.missing).toEqual({ after: 21, through: 30 });
  });

  it("an empty log that says its start is past its end skips to the end", () => {
    const step = observeBounds(orderAt(4), { minSeq: 13, maxSeq: 12 });
    expect(step.order.last).toBe(12);
    expect(step.missing).toBeUndefined();
  });
});

describe("fromLog", () => {
  it("fills a gap and releases the held events after it", () => {
    const step = fromLog(orderAt(4, [7, 8]), [ev(5, "log"), ev(6, "log")], false);
    expect(seqs(step.forward)).toEqual([5, 6, 7, 8]);
    expect(step.order.last).toBe(8);
    expect(step.missing).toBeUndefined();
  });

  it("prefers the log's copy to a held one of the same seq", () => {
    const step = fromLog(orderAt(4, [5, 6]), [ev(5, "log"), ev(6, "log")], true);
    expect(step.forward).toEqual([ev(5, "log"), ev(6, "log")]);
  });

  it("drops what was already forwarded", () => {
    const step = fromLog(orderAt(6), [ev(5, "log"), ev(6, "log"), ev(7, "log")], true);
    expect(seqs(step.forward)).toEqual([7]);
  });

  it("a page that does not reach the end leaves the rest missing", () => {
    const step = fromLog(orderAt(4, [], 20), [ev(5, "log"), ev(6, "log")], false);
    expect(step.missing).toEqual({ after: 6, through: 20 });
  });

  it("a seq the log skips was pruned", () => {
    const step = fromLog(orderAt(4), [ev(9, "log"), ev(10, "log")], false);
    expect(step.skipped).toEqual([{ after: 4, before: 9 }]);
    expect(seqs(step.forward)).toEqual([9, 10]);
  });

  it("a complete read discards held events the log does not have", () => {
    const step = fromLog(orderAt(4, [99]), [ev(5, "log")], true);
    expect(seqs(step.forward)).toEqual([5]);
    expect(seqs(step.discarded)).toEqual([99]);
    expect(step.order).toEqual({ last: 5, highest: 5, held: [] });
    expect(step.missing).toBeUndefined();
  });

  it("an empty complete read settles the order", () => {
    const step = fromLog(orderAt(4, [], 9), [], true);
    expect(step.order).toEqual({ last: 4, highest: 4, held: [] });
  });
});

/**
 * A model of several instances writing to one log: events are committed one after another;
 * sources hand the relay any committed events, in any order, any number of times; whenever the
 * relay says something is missing it may (or may not yet) read the log.
 */
type Op =
  | { readonly kind: "commit"; readonly count: number }
  | { readonly kind: "arrive"; readonly picks: ReadonlyArray<number> }
  | { readonly kind: "bounds" }
  | { readonly kind: "read"; readonly pageSize: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("commit" as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("arrive" as const), picks: fc.array(fc.nat(), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant("bounds" as const) }),
  fc.record({ kind: fc.constant("read" as const), pageSize: fc.integer({ min: 1, max: 5 }) }),
);

const run = (ops: ReadonlyArray<Op>, maxHeld: number) => {
  let committed = 0;
  let order = startAt<Ev>(0);
  const out: number[] = [];
  const take = (step: Step<Ev> | LogStep<Ev>): void => {
    order = step.order;
    out.push(...seqs(step.forward));
    // Never a gap, never a repeat: the output is always 1, 2, 3, … so far.
    expect(out.length).toBe(order.last);
  };
  const readPage = (pageSize: number): void => {
    const after = order.last;
    const upTo = Math.min(committed, after + pageSize);
    const events = Array.from({ length: upTo - after }, (_, i) => ev(after + i + 1, "log"));
    take(fromLog(order, events, upTo === committed));
  };
  for (const o of ops) {
    if (o.kind === "commit") committed += o.count;
    else if (o.kind === "arrive" && committed > 0)
      take(
        arrive(
          order,
          o.picks.map((p) => ev((p % committed) + 1)),
          maxHeld,
        ),
      );
    else if (o.kind === "bounds") take(observeBounds(order, { minSeq: 1, maxSeq: committed }));
    else if (o.kind === "read" && missingOf(order) !== undefined) readPage(o.pageSize);
  }
  // The poll at the end: the log's end, then pages until nothing is missing.
  take(observeBounds(order, { minSeq: 1, maxSeq: committed }));
  while (missingOf(order) !== undefined) readPage(3);
  return { out, committed, order };
};

describe("relay order, whatever the sources do", () => {
  it("forwards every committed seq exactly once, in order, once the log is read", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (ops, maxHeld) => {
        const { out, committed, order } = run(ops, maxHeld);
        expect(out).toEqual(Array.from({ length: committed }, (_, i) => i + 1));
        expect(order.held).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it("holds at most maxHeld events", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 10 }), { maxLength: 20 }),
        (batches) => {
          let order = startAt<Ev>(0);
          for (const batch of batches) {
            order = arrive(
              order,
              batch.map((seq) => ev(seq)),
              5,
            ).order;
            expect(order.held.length).toBeLessThanOrEqual(5);
            expect(order.highest).toBeGreaterThanOrEqual(Math.max(order.last, ...seqs(order.held)));
          }
        },
      ),
    );
  });
});
