import { afterEach, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import {
  createRun,
  makeTempDir,
  openStream,
  removeDir,
  startTestLab,
  type TestLab,
  type TestStream,
} from "../support/lab-server.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const track = <T extends TestLab | TestStream>(thing: T): T => {
  cleanup.push(() => thing.close());
  return thing;
};

describe("restart on the same data dir", () => {
  it("keeps every acknowledged change, continues the seq, and lets clients resume without loss", async () => {
    const dataDir = makeTempDir();
    cleanup.push(() => removeDir(dataDir));
    const first = track(await startTestLab({}, dataDir));
    const run = await createRun(first, "Survives restarts", 10);
    const watcher = track(openStream(`${first.url}/api/stream?all=1`));
    await watcher.waitForCount(1);

    const acknowledged: TestItem[] = [];
    for (let i = 0; i < 6; i++) {
      const item = run.items[i];
      if (item === undefined) throw new Error("missing item");
      const response = await first.api<TestItem>("PUT", `/api/test-runs/${run.id}/items/${item.id}`, {
        status: i % 3 === 0 ? "failed" : "passed",
        note: `attempt ${i}`,
      });
      expect(response.status).toBe(200);
      acknowledged.push(response.body);
    }
    await watcher.waitFor(() => watcher.events.filter((e) => e.type === "item_updated").length === 6);
    const lastSeenBeforeRestart = watcher.events[watcher.events.length - 1]?.lastEventId ?? "";
    watcher.close();
    await first.close();

    const second = track(await startTestLab({}, dataDir));
    expect(second.adminToken).toBe(first.adminToken);
    const after = (await second.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body;
    for (const item of acknowledged) {
      expect(after.items.find((i) => i.id === item.id)).toEqual(item);
    }
    expect(after.counts).toMatchObject({ total: 10, failed: 2, passed: 4, untested: 4 });

    // Changes made while the wall was away, then the wall resumes from its last id.
    const missed: number[] = [];
    for (let i = 6; i < 9; i++) {
      const item = run.items[i];
      if (item === undefined) throw new Error("missing item");
      const response = await second.api<TestItem>("PUT", `/api/test-runs/${run.id}/items/${item.id}`, {
        status: "blocked",
      });
      expect(response.status).toBe(200);
    }
    const log = await second.api<{ events: Array<{ seq: number }> }>(
      "GET",
      `/api/test-runs/${run.id}/events?after=${lastSeenBeforeRestart}`,
    );
    missed.push(...log.body.events.map((e) => e.seq));
    expect(missed).toHaveLength(3);
    expect(missed[0]).toBeGreaterThan(Number(lastSeenBeforeRestart));

    const resumed = track(
      openStream(`${second.url}/api/stream?all=1`, { headers: { "Last-Event-ID": lastSeenBeforeRestart } }),
    );
    await resumed.waitForCount(3);
    expect(resumed.events.map((e) => e.seq)).toEqual(missed);
    expect(resumed.events.map((e) => e.data.item?.status)).toEqual(["blocked", "blocked", "blocked"]);
  });
});
