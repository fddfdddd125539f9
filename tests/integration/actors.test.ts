import { afterEach, describe, expect, it } from "vitest";
import type { Comment } from "../../server/domain/comment.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import type { WallRun } from "../../server/domain/wall-run.ts";
import { issueToken } from "../support/auth-helpers.ts";
import { openStream, startTestLab, type TestLab } from "../support/lab-server.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (overrides: Parameters<typeof startTestLab>[0] = {}): Promise<TestLab> => {
  const started = await startTestLab(overrides);
  cleanup.push(() => started.close());
  return started;
};

const run = async (l: TestLab, token?: string): Promise<TestRunDetail> => {
  const response = await l.api<TestRunDetail>(
    "POST",
    "/api/test-runs",
    {
      name: "Firmware 2.4 radio",
      items: [
        { title: "RX sensitivity ch 11", section: "Radio/Sensitivity" },
        { title: "Handover 5G→LTE", section: "Radio/Handover" },
      ],
    },
    token === undefined ? {} : { token },
  );
  expect(response.status).toBe(201);
  return response.body;
};

const wallTesters = async (l: TestLab, runId: string): Promise<ReadonlyArray<string>> => {
  const wall = openStream(`${l.url}/api/stream?all=1`);
  try {
    await wall.waitForCount(1);
    const runs = wall.events[0]?.data.runs as unknown as ReadonlyArray<WallRun>;
    return runs.find((r) => r.id === runId)?.testers.map((tester) => tester.name) ?? [];
  } finally {
    wall.close();
  }
};

describe("who a write names", () => {
  it("the lab's admin token records no tester; a CI token records its display name", async () => {
    const l = await lab();
    const created = await run(l);
    const [first, second] = created.items;
    if (first === undefined || second === undefined) throw new Error("no items");

    const byAdmin = await l.api<TestItem>("PUT", `/api/test-runs/${created.id}/items/${first.id}`, {
      status: "failed",
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.updatedBy).toBeNull();
    const bulkByAdmin = await l.api<{ items: ReadonlyArray<TestItem> }>(
      "POST",
      `/api/test-runs/${created.id}/results`,
      {
        results: [{ itemId: second.id, status: "passed" }],
      },
    );
    expect(bulkByAdmin.body.items.map((item) => item.updatedBy)).toEqual([null]);
    const note = await l.api<Comment>("POST", `/api/test-runs/${created.id}/comments`, { body: "rerun tonight" });
    expect(note.body.author).toBe("admin");
    expect(await wallTesters(l, created.id)).toEqual([]);

    const ci = await issueToken(l, "CI nightly", "tester");
    expect(ci.name).toBe("CI nightly");
    const bulk = await l.api<{ items: ReadonlyArray<TestItem> }>(
      "POST",
      `/api/test-runs/${created.id}/results`,
      { results: [{ itemId: first.id, status: "passed" }] },
      { token: ci.token },
    );
    expect(bulk.status).toBe(200);
    expect(bulk.body.items.map((item) => item.updatedBy)).toEqual(["CI nightly"]);
    expect(await wallTesters(l, created.id)).toEqual(["CI nightly"]);
  });

  it("MEDI_TEST_ADMIN_TOKEN is no tester either", async () => {
    const adminToken = "lab-admin-token-from-the-environment";
    const l = await lab({ adminToken });
    const created = await run(l, adminToken);
    const [first] = created.items;
    if (first === undefined) throw new Error("no items");
    const recorded = await l.api<TestItem>(
      "PUT",
      `/api/test-runs/${created.id}/items/${first.id}`,
      { status: "blocked" },
      { token: adminToken },
    );
    expect(recorded.status).toBe(200);
    expect(recorded.body.updatedBy).toBeNull();
    expect(await wallTesters(l, created.id)).toEqual([]);
  });
});
