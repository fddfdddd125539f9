import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type Change,
  createOutbox,
  type ItemPatch,
  type Outbox,
  type OutboxOptions,
  patchApplied,
  type Transport,
} from "../../../../../renderer/src/features/tester/outbox.ts";
import { ApiError, NoAnswerError } from "../../../../../renderer/src/shared/api/api-client.ts";
import type { TestItem } from "../../../../../renderer/src/shared/live/wire.ts";
import { makeComment, makeItem } from "../../support/live-fixtures.ts";

/** localStorage as the outbox uses it, kept in a Map. */
const memoryStorage = () => {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key: string): string | null => data.get(key) ?? null,
    setItem: (key: string, value: string): void => void data.set(key, value),
    removeItem: (key: string): void => void data.delete(key),
  };
};

type ItemBody = ItemPatch & { readonly expectedVersion: number };

interface Call {
  readonly kind: "item" | "comment";
  readonly itemId: string | null;
  readonly body: ItemBody | { readonly body: string; readonly itemId?: string };
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** A transport whose every request waits for the test to answer it. */
const manualTransport = (): { readonly transport: Transport; readonly calls: Call[]; readonly pending: () => Call } => {
  const calls: Call[] = [];
  const track = (kind: Call["kind"], itemId: string | null, body: Call["body"]) =>
    new Promise<unknown>((resolve, reject) => {
      calls.push({ kind, itemId, body, resolve, reject });
    });
  return {
    calls,
    transport: {
      putItem: (itemId, body) => track("item", itemId, body),
      postComment: (body) => track("comment", body.itemId ?? null, body),
    },
    pending: () => {
      const call = calls.at(-1);
      if (call === undefined) throw new Error("nothing was sent");
      return call;
    },
  };
};

const expectedVersionOf = (call: Call | undefined): number | undefined =>
  call !== undefined && "expectedVersion" in call.body ? call.body.expectedVersion : undefined;

const settle = () => vi.advanceTimersByTimeAsync(0);

const conflict = (current: TestItem) => new ApiError(409, "conflict", "Someone else changed this first", current, null);

const itemChange = (itemId: string, patch: ItemPatch, baseVersion: number): Change => ({
  kind: "item",
  itemId,
  patch,
  baseVersion,
});

let storage: ReturnType<typeof memoryStorage>;
const key = "medi-test.outbox.run-1";

beforeEach(() => {
  vi.useFakeTimers();
  storage = memoryStorage();
  vi.stubGlobal("window", { localStorage: storage });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const started = (options: Partial<OutboxOptions> = {}) => {
  const manual = manualTransport();
  const outbox: Outbox = createOutbox({ storageKey: key, transport: manual.transport, random: () => 1, ...options });
  outbox.start();
  return { outbox, ...manual };
};

describe("outbox: order", () => {
  it("sends one change at a time, in the order they were made", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue({ kind: "comment", itemId: "a", body: "flaky" });
    outbox.enqueue(itemChange("b", { status: "failed" }, 1));
    expect(calls).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      calls[i]?.resolve(undefined);
      await settle();
    }
    expect(calls.map((call) => [call.kind, call.itemId])).toEqual([
      ["item", "a"],
      ["comment", "a"],
      ["item", "b"],
    ]);
    expect(outbox.getSnapshot().entries).toEqual([]);
  });

  it("sends a later change of the same item on top of the tester's own earlier one (3 → 4)", async () => {
    const saved: TestItem[] = [];
    const { outbox, calls } = started({ onItemSaved: (item) => saved.push(item) });
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue(itemChange("a", { note: "RX low" }, 3));
    outbox.enqueue(itemChange("a", { assignee: null }, 3));
    calls[0]?.resolve(makeItem("a", { status: "passed", version: 4 }));
    await settle();
    calls[1]?.resolve(makeItem("a", { status: "passed", note: "RX low", version: 5 }));
    await settle();
    expect(calls.map(expectedVersionOf)).toEqual([3, 4, 5]);
    expect(saved.map((item) => item.version)).toEqual([4, 5]);
  });

  it("keeps the queue in storage, so a reload sends what was left, in order", async () => {
    const first = started();
    first.outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    first.outbox.enqueue(itemChange("b", { status: "failed" }, 2));
    first.outbox.stop();
    expect(JSON.parse(storage.data.get(key) ?? "[]")).toHaveLength(2);

    const second = started();
    expect(
      second.outbox
        .getSnapshot()
        .entries.map((entry) => [entry.state, entry.change.kind === "item" ? entry.change.itemId : null]),
    ).toEqual([
      ["sending", "a"],
      ["queued", "b"],
    ]);
    second.calls[0]?.resolve(undefined);
    await settle();
    second.calls[1]?.resolve(undefined);
    await settle();
    expect(second.calls.map((call) => call.itemId)).toEqual(["a", "b"]);
    expect(storage.data.has(key)).toBe(false);
  });

  it("ignores storage it cannot read", () => {
    storage.setItem(key, "{not json");
    expect(started().outbox.getSnapshot().entries).toEqual([]);
    storage.setItem(
      key,
      JSON.stringify([{ id: 1 }, { id: "x", createdAt: 1, change: { kind: "item", itemId: "a" } }, "junk"]),
    );
    expect(started().outbox.getSnapshot().entries).toEqual([]);
  });

  it("can take back a change not sent yet, not one on its way", () => {
    const { outbox, calls } = started();
    const sending = outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    const queued = outbox.enqueue(itemChange("b", { status: "failed" }, 1));
    expect(outbox.cancel(queued)).toBe(true);
    expect(outbox.cancel(sending)).toBe(false);
    expect(outbox.cancel("unknown")).toBe(false);
    expect(outbox.getSnapshot().entries.map((entry) => entry.id)).toEqual([sending]);
    expect(calls).toHaveLength(1);
  });
});

describe("outbox: no answer", () => {
  it("keeps a change the server did not answer and retries it with growing delays", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue(itemChange("b", { status: "failed" }, 1));
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      calls.at(-1)?.reject(new NoAnswerError("Failed to fetch"));
      await settle();
      expect(outbox.getSnapshot().problem).toEqual({ kind: "no-answer" });
      expect(outbox.getSnapshot().entries.map((entry) => entry.state)).toEqual(["queued", "queued"]);
      const count = calls.length;
      let waited = 0;
      while (calls.length === count) {
        await vi.advanceTimersByTimeAsync(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 15_000]);
    expect(calls.every((call) => call.itemId === "a")).toBe(true);
    calls.at(-1)?.resolve(undefined);
    await settle();
    expect(outbox.getSnapshot().problem).toEqual({ kind: "none" });
    expect(calls.at(-1)?.itemId).toBe("b");
  });

  it("honours Retry-After on 429 and 503", async () => {
    for (const status of [429, 503]) {
      const { outbox, calls } = started();
      outbox.enqueue(itemChange("a", { status: "passed" }, 3));
      calls[0]?.reject(new ApiError(status, "too_many_requests", "slow down", undefined, 7));
      await settle();
      await vi.advanceTimersByTimeAsync(6_900);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(100);
      expect(calls).toHaveLength(2);
      outbox.stop();
    }
  });

  it("retries at once when asked (the stream is live again)", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    calls[0]?.reject(new NoAnswerError("offline"));
    await settle();
    outbox.retryNow();
    expect(calls).toHaveLength(2);
    expect(outbox.getSnapshot().problem).toEqual({ kind: "none" });
  });

  it("does not lose a change whose request failed while the page was stopped", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.stop();
    calls[0]?.reject(new NoAnswerError("navigated away"));
    await settle();
    outbox.start();
    await settle();
    expect(calls).toHaveLength(2);
    expect(calls[1]?.itemId).toBe("a");
  });
});

describe("outbox: conflicts", () => {
  it("parks a 409 as a conflict holding the server's item, and goes on with the rest", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue(itemChange("b", { status: "failed" }, 1));
    const theirs = makeItem("a", { status: "failed", updatedBy: "Ken", version: 4 });
    calls[0]?.reject(conflict(theirs));
    await settle();
    const [parked, next] = outbox.getSnapshot().entries;
    expect(parked).toMatchObject({ state: "conflict", current: theirs });
    expect(next?.state).toBe("sending");
    expect(calls[1]?.itemId).toBe("b");
    // Kept through a reload.
    const stored: unknown = JSON.parse(storage.data.get(key) ?? "[]");
    expect(stored).toMatchObject([{ state: "conflict", current: theirs }, { state: "queued" }]);
  });

  it("keep mine resends on top of the server's version; take theirs drops the change", async () => {
    const { outbox, calls } = started();
    const mine = outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    calls[0]?.reject(conflict(makeItem("a", { status: "failed", version: 4 })));
    await settle();
    outbox.keepMine(mine);
    expect(expectedVersionOf(calls[1])).toBe(4);
    expect(calls[1]?.body).toMatchObject({ status: "passed" });
    calls[1]?.resolve(makeItem("a", { status: "passed", version: 5 }));
    await settle();
    expect(outbox.getSnapshot().entries).toEqual([]);

    const other = outbox.enqueue(itemChange("a", { note: "x" }, 3));
    calls[2]?.reject(conflict(makeItem("a", { status: "passed", note: "y", version: 6 })));
    await settle();
    outbox.takeTheirs(other);
    expect(outbox.getSnapshot().entries).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it("takes a 409 whose current item already is the change as a success (a retried write that had landed)", async () => {
    const saved: TestItem[] = [];
    const { outbox, calls } = started({ onItemSaved: (item) => saved.push(item) });
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    const landed = makeItem("a", { status: "passed", version: 4 });
    calls[0]?.reject(conflict(landed));
    await settle();
    expect(outbox.getSnapshot().entries).toEqual([]);
    expect(saved).toEqual([landed]);
  });

  it("a change after one whose answer was lost is based on the version that write made", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue(itemChange("a", { note: "RX low" }, 3));
    // The write lands (3 → 4) but its answer is lost; the retry then meets its own result.
    calls[0]?.reject(new NoAnswerError("timeout"));
    await settle();
    outbox.retryNow();
    calls[1]?.reject(conflict(makeItem("a", { status: "passed", version: 4 })));
    await settle();
    expect(expectedVersionOf(calls[2])).toBe(4);
    expect(outbox.getSnapshot().entries.map((entry) => entry.state)).toEqual(["sending"]);
  });
});

describe("outbox: refusals", () => {
  it("holds everything on 401 until the tester signs in again", async () => {
    const { outbox, calls } = started();
    outbox.enqueue(itemChange("a", { status: "passed" }, 3));
    outbox.enqueue(itemChange("b", { status: "passed" }, 3));
    calls[0]?.reject(new ApiError(401, "unauthorized", "sign in", undefined, null));
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(outbox.getSnapshot().problem).toEqual({ kind: "session" });
    expect(outbox.getSnapshot().entries.map((entry) => entry.state)).toEqual(["queued", "queued"]);
    outbox.retryNow();
    expect(calls.map((call) => call.itemId)).toEqual(["a", "a"]);
  });

  it("drops a change the server refuses for good, says why, and goes on", async () => {
    const { outbox, calls } = started();
    outbox.enqueue({ kind: "comment", itemId: null, body: " " });
    outbox.enqueue(itemChange("b", { status: "passed" }, 3));
    calls[0]?.reject(new ApiError(400, "invalid_body", "body: must not be empty", undefined, null));
    await settle();
    expect(outbox.getSnapshot().problem).toEqual({ kind: "refused", message: "body: must not be empty" });
    expect(outbox.getSnapshot().entries.map((entry) => entry.state)).toEqual(["sending"]);
    expect(calls[1]?.itemId).toBe("b");
  });

  it("reports saved comments", async () => {
    const saved: string[] = [];
    const { outbox, calls } = started({ onCommentSaved: (comment) => saved.push(comment.id) });
    outbox.enqueue({ kind: "comment", itemId: "a", body: "hello" });
    expect(calls[0]?.body).toEqual({ body: "hello", itemId: "a" });
    calls[0]?.resolve(makeComment("c1"));
    await settle();
    expect(saved).toEqual(["c1"]);
  });
});

describe("patchApplied", () => {
  it("is true only when every field of the patch already holds", () => {
    const item = makeItem("a", { status: "passed", note: "n", assignee: null });
    expect(patchApplied(item, { status: "passed" })).toBe(true);
    expect(patchApplied(item, { status: "passed", note: "n", assignee: null })).toBe(true);
    expect(patchApplied(item, { status: "passed", note: "m" })).toBe(false);
    expect(patchApplied(item, { assignee: "Ken" })).toBe(false);
    expect(patchApplied(item, {})).toBe(true);
  });
});

type Answer = "ok" | "no-answer" | "conflict" | "refused";

describe("outbox, under every sequence of answers", () => {
  it("sends changes in order and never loses one: each is saved, parked as a conflict, or refused with a reason", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom<Answer>("ok", "ok", "ok", "no-answer", "conflict", "refused"), { maxLength: 40 }),
        async (changes, answers) => {
          storage.data.clear();
          const { outbox, calls } = started();
          const ids = changes.map(([itemId, comment]) =>
            outbox.enqueue(
              comment ? { kind: "comment", itemId, body: "note" } : itemChange(itemId, { status: "passed" }, 1),
            ),
          );
          const outcome = new Map<string, "saved" | "refused">();
          /** Entry id of each request, in the order they went out. */
          const attempts: string[] = [];
          for (let step = 0; step < 200; step++) {
            const sending = outbox.getSnapshot().entries.find((entry) => entry.state === "sending");
            if (sending === undefined) {
              if (!outbox.getSnapshot().entries.some((entry) => entry.state === "queued")) break;
              outbox.retryNow();
              continue;
            }
            const call = calls[attempts.length];
            if (call === undefined) throw new Error("an entry is sending but nothing was sent");
            attempts.push(sending.id);
            const answer = answers[attempts.length - 1] ?? "ok";
            if (answer === "ok") {
              call.resolve(undefined);
              outcome.set(sending.id, "saved");
            } else if (answer === "no-answer") {
              call.reject(new NoAnswerError("down"));
            } else if (answer === "conflict" && sending.change.kind === "item") {
              call.reject(conflict(makeItem(sending.change.itemId, { status: "blocked", version: 9 })));
            } else {
              call.reject(new ApiError(400, "invalid_body", "no", undefined, null));
              outcome.set(sending.id, "refused");
            }
            await settle();
            if (answer === "refused" && outcome.get(sending.id) === "refused")
              expect(outbox.getSnapshot().problem).toEqual({ kind: "refused", message: "no" });
          }
          expect(calls).toHaveLength(attempts.length);
          // Nothing vanished: what is not in the queue was saved or refused; what is, waits as a conflict.
          const left = outbox.getSnapshot().entries;
          for (const id of ids) {
            const entry = left.find((e) => e.id === id);
            if (entry === undefined) expect(outcome.has(id)).toBe(true);
            else expect(entry).toMatchObject({ state: "conflict", current: expect.objectContaining({ version: 9 }) });
          }
          // Changes first went out in the order they were made, and a retry came before anything newer.
          const firsts = attempts.filter((id, index) => attempts.indexOf(id) === index);
          expect(firsts).toEqual(ids.filter((id) => firsts.includes(id)));
          for (let i = 1; i < attempts.length; i++) {
            const previous = attempts[i - 1] ?? "";
            if (outcome.has(previous) || left.some((entry) => entry.id === previous)) continue;
            // The previous one got no answer and is still to be saved: it must be the one sent next.
            expect(attempts[i]).toBe(previous);
          }
          outbox.stop();
        },
      ),
      { numRuns: 100 },
    );
  });
});
