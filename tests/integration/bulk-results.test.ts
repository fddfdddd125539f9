import { afterEach, describe, expect, it } from "vitest";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { openDatabaseProbe } from "../support/database-probe.ts";
import { openStream, startTestLab, type TestLab, type TestStream } from "../support/lab-server.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (): Promise<TestLab> => {
  const started = await startTestLab();
  cleanup.push(() => started.close());
  return started;
};

interface Recorded {
  readonly items: ReadonlyArray<TestItem>;
  readonly added: number;
  readonly counts: RunCounts;
}

const junitRun = async (l: TestLab): Promise<TestRunDetail> => {
  const response = await l.api<TestRunDetail>("POST", "/api/test-runs", {
    name: "Nightly CI",
    items: [
      { title: "login works", section: "Auth", key: "auth.LoginTest.works" },
      { title: "logout works", section: "Auth", key: "auth.LoginTest.logout" },
      { title: "handover", section: "Radio", key: "radio.HandoverTest.lte" },
    ],
  });
  expect(response.status).toBe(201);
  return response.body;
};

describe("bulk results from a CI job", () => {
  it("records results by key and by id in one transaction, and streams them as one batch", async () => {
    const l = await lab();
    const run = await junitRun(l);
    const wall: TestStream = openStream(`${l.url}/api/stream?all=1`);
    cleanup.push(() => wall.close());
    await wall.waitForCount(1);

    const third = run.items[2];
    if (third === undefined) throw new Error("no item");
    const response = await l.api<Recorded>("POST", `/api/test-runs/${run.id}/results`, {
      results: [
        { key: "auth.LoginTest.works", status: "passed", durationMs: 1200 },
        { key: "auth.LoginTest.logout", status: "failed", note: "expected 302, got 500" },
        { itemId: third.id, status: "skipped" },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.added).toBe(0);
    expect(response.body.counts).toMatchObject({ total: 3, passed: 1, failed: 1, skipped: 1, untested: 0 });
    expect(response.body.items.map((i) => i.status)).toEqual(["passed", "failed", "skipped"]);

    await wall.waitFor(() => wall.events.some((e) => e.type === "batch"));
    const batch = wall.events.find((e) => e.type === "batch");
    const parts =
      (batch?.data as { events?: Array<{ type: string; data: { counts?: RunCounts } }> } | undefined)?.events ?? [];
    expect(parts.map((p) => p.type)).toEqual(["status_changed", "item_updated", "item_updated", "item_updated"]);
    expect(parts[parts.length - 1]?.data.counts).toEqual(response.body.counts);

    const detail = (await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body;
    expect(detail.status).toBe("running");
    expect(detail.items.find((i) => i.key === "auth.LoginTest.logout")).toMatchObject({
      status: "failed",
      note: "expected 302, got 500",
    });
    // The lab's admin token is no tester: its results carry no name.
    expect(detail.items.every((i) => i.updatedBy === null)).toBe(true);
  });

  it("creates items for unknown keys with addMissing, once per key", async () => {
    const l = await lab();
    const run = await junitRun(l);
    const response = await l.api<Recorded>("POST", `/api/test-runs/${run.id}/results`, {
      addMissing: true,
      results: [
        { key: "radio.HandoverTest.nr", title: "handover NR", section: "Radio / 5G", status: "passed" },
        { key: "radio.HandoverTest.nr", title: "handover NR", status: "failed" },
        { key: "auth.LoginTest.works", status: "passed" },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.added).toBe(1);
    expect(response.body.counts).toMatchObject({ total: 4, passed: 1, failed: 1, untested: 2 });
    const detail = (await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body;
    const created = detail.items.filter((i) => i.key === "radio.HandoverTest.nr");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ title: "handover NR", section: "Radio/5G", status: "failed", version: 3 });
  });

  it("changes nothing when any result matches no item, and names each one", async () => {
    const l = await lab();
    const run = await junitRun(l);
    const probe = openDatabaseProbe(l.server.paths.database);
    cleanup.push(() => probe.close());
    const before = probe.dump();
    const response = await l.api("POST", `/api/test-runs/${run.id}/results`, {
      results: [
        { key: "auth.LoginTest.works", status: "passed" },
        { key: "no.Such.test", status: "failed" },
        { itemId: "01ZZZZZZZZZZZZZZZZZZZZZZZZ", status: "failed" },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error?.code).toBe("invalid_input");
    expect(response.body.error?.details).toEqual([
      { index: 1, key: "no.Such.test" },
      { index: 2, itemId: "01ZZZZZZZZZZZZZZZZZZZZZZZZ" },
    ]);
    expect(probe.dump()).toEqual(before);

    const noName = await l.api("POST", `/api/test-runs/${run.id}/results`, { results: [{ status: "passed" }] });
    expect(noName.status).toBe(400);
    const noTitle = await l.api("POST", `/api/test-runs/${run.id}/results`, {
      addMissing: true,
      results: [{ key: "x.y", status: "passed" }],
    });
    expect(noTitle.status).toBe(400);
    expect(probe.dump()).toEqual(before);
  });
});
