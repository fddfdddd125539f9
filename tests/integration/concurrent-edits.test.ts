import { afterEach, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { type ApiResponse, createRun, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";

const writers = 20;
const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

const labs: TestLab[] = [];
afterEach(async () => {
  for (const lab of labs.splice(0)) {
    await lab.close();
    removeDir(lab.dataDir);
  }
});

const setUp = async (): Promise<{ lab: TestLab; run: TestRunDetail; item: TestItem }> => {
  const lab = await startTestLab();
  labs.push(lab);
  const run = await createRun(lab, "Contended", 3);
  const item = run.items[0];
  if (item === undefined) throw new Error("run has no items");
  return { lab, run, item };
};

interface ItemAnswer {
  readonly error?: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly current?: TestItem;
  readonly [key: string]: unknown;
}

interface EventRow {
  readonly seq: number;
  readonly type: string;
  readonly itemId?: string;
  readonly data: { readonly item?: TestItem };
}

/** What each writer sends: its own status and note, so the winner can be told apart. */
const edit = (i: number) => ({ status: statuses[i % statuses.length] ?? "passed", note: `writer ${i}` });

const expectOneWinner = (responses: ReadonlyArray<ApiResponse<ItemAnswer>>, expectedVersion: number): void => {
  const wins = responses.filter((r) => r.status === 200);
  const conflicts = responses.filter((r) => r.status === 409);
  expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array.from({ length: writers - 1 }, () => 409)]);
  const winner = wins[0]?.body;
  if (winner === undefined) throw new Error("no winner");
  expect(winner.version).toBe(expectedVersion + 1);
  for (const conflict of conflicts) {
    expect(conflict.body.error?.code).toBe("conflict");
    expect(conflict.body.error?.details).toEqual({ expectedVersion });
    // The loser learns what was committed: the winner's edit, one version on.
    expect(conflict.body.current).toEqual(winner);
    expect(conflict.body.current?.version).toBe(expectedVersion + 1);
    expect(conflict.body.current?.status).toBe(winner.status);
    expect(conflict.body.current?.note).toBe(winner.note);
  }
};

const itemUpdates = async (lab: TestLab, run: TestRunDetail, itemId: string): Promise<EventRow[]> => {
  const log = await lab.api<{ events: EventRow[] }>("GET", `/api/test-runs/${run.id}/events`);
  expect(log.status).toBe(200);
  return log.body.events.filter((e) => e.type === "item_updated" && e.itemId === itemId);
};

describe("concurrent edits of one item", () => {
  it(`lets exactly one of ${writers} writers with the same expectedVersion win; the others get 409 and the committed item`, async () => {
    const { lab, run, item } = await setUp();
    const url = `/api/test-runs/${run.id}/items/${item.id}`;
    const responses = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        lab.api<ItemAnswer>("PUT", url, { ...edit(i), expectedVersion: item.version }),
      ),
    );
    expectOneWinner(responses, item.version);

    const stored = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    const winner = responses.find((r) => r.status === 200)?.body;
    expect(stored.body.items.find((i) => i.id === item.id)).toEqual(winner);
    // Only the winner's write is in the log: a rejected write leaves no trace.
    const updates = await itemUpdates(lab, run, item.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.data.item).toEqual(winner);
  });

  it("does the same with If-Match instead of expectedVersion", async () => {
    const { lab, run, item } = await setUp();
    const url = `/api/test-runs/${run.id}/items/${item.id}`;
    const responses = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        lab.api<ItemAnswer>("PUT", url, edit(i), {
          headers: { "if-match": i % 2 === 0 ? `"${item.version}"` : `W/"${item.version}"` },
        }),
      ),
    );
    expectOneWinner(responses, item.version);
    expect(await itemUpdates(lab, run, item.id)).toHaveLength(1);
  });

  it("without a version, the last write wins and every write logs exactly one item_updated event, in seq order", async () => {
    const { lab, run, item } = await setUp();
    const url = `/api/test-runs/${run.id}/items/${item.id}`;
    const responses = await Promise.all(
      Array.from({ length: writers }, (_, i) => lab.api<TestItem>("PUT", url, edit(i))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: writers }, () => 200));
    // Each write saw the one before it: versions 2..N+1, each exactly once.
    expect(responses.map((r) => r.body.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: writers }, (_, i) => item.version + 1 + i),
    );

    const updates = await itemUpdates(lab, run, item.id);
    expect(updates).toHaveLength(writers);
    const seqs = updates.map((e) => e.seq);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] ?? Number.POSITIVE_INFINITY);
    // The log order is the commit order: versions climb with seq, and each event is one answered write.
    expect(updates.map((e) => e.data.item?.version)).toEqual(
      Array.from({ length: writers }, (_, i) => item.version + 1 + i),
    );
    expect(updates.map((e) => e.data.item?.note).sort()).toEqual(responses.map((r) => r.body.note).sort());

    const last = updates[updates.length - 1]?.data.item;
    const stored = await lab.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`);
    const now = stored.body.items.find((i) => i.id === item.id);
    expect(now).toEqual(last);
    expect(now?.version).toBe(item.version + writers);
    expect(now).toEqual(responses.find((r) => r.body.version === item.version + writers)?.body);
    // Counts follow the final status only: one item, counted once.
    const counts = stored.body.counts;
    expect(counts.untested).toBe(2);
    expect(counts.passed + counts.failed + counts.blocked + counts.skipped + counts.retest).toBe(1);
  });

  it("a stale expectedVersion after a committed edit gets 409 with the current item, and a fresh one succeeds", async () => {
    const { lab, run, item } = await setUp();
    const url = `/api/test-runs/${run.id}/items/${item.id}`;
    const first = await lab.api<TestItem>("PUT", url, { status: "failed", expectedVersion: item.version });
    expect(first.status).toBe(200);
    const stale = await lab.api<ItemAnswer>("PUT", url, { status: "passed", expectedVersion: item.version });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toEqual(first.body);
    const retry = await lab.api<TestItem>("PUT", url, {
      status: "passed",
      expectedVersion: stale.body.current?.version ?? -1,
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(expect.objectContaining({ status: "passed", version: item.version + 2 }));
  });
});
