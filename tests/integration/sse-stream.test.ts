import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import { createRun, openStream, sleep, startTestLab, type TestLab, type TestStream } from "../support/lab-server.ts";

const labs: TestLab[] = [];
const streams: TestStream[] = [];
const lab = async (overrides = {}) => {
  const started = await startTestLab(overrides);
  labs.push(started);
  return started;
};
const stream = (url: string, headers?: Record<string, string>) => {
  const opened = openStream(url, headers === undefined ? {} : { headers });
  streams.push(opened);
  return opened;
};

afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  for (const l of labs.splice(0)) await l.close();
});

const record = (l: TestLab, run: TestRunDetail, item: TestItem, status: string, extra: Record<string, unknown> = {}) =>
  l.api<TestItem>("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status, ...extra });

const itemAt = (run: TestRunDetail, index: number): TestItem => {
  const item = run.items[index];
  if (item === undefined) throw new Error(`run has no item ${index}`);
  return item;
};

describe("SSE per-run and multiplexed streams", () => {
  it("delivers an item update to both subscribers of its run and to no subscriber of another run", async () => {
    const l = await lab();
    const radio = await createRun(l, "Radio");
    const display = await createRun(l, "Display");
    const a = stream(`${l.url}/api/test-runs/${radio.id}/stream`);
    const b = stream(`${l.url}/api/stream?runs=${radio.id}`);
    const other = stream(`${l.url}/api/test-runs/${display.id}/stream`);
    await Promise.all([a.waitForCount(1), b.waitForCount(1), other.waitForCount(1)]);
    expect(a.events[0]?.type).toBe("snapshot");
    expect(a.events[0]?.data.runs?.[0]?.items).toHaveLength(5);

    const response = await record(l, radio, itemAt(radio, 0), "failed");
    expect(response.status).toBe(200);
    await Promise.all([
      a.waitFor(() => a.events.some((e) => e.type === "item_updated")),
      b.waitFor(() => b.events.some((e) => e.type === "item_updated")),
    ]);
    const update = a.events.find((e) => e.type === "item_updated");
    expect(update?.data.item?.status).toBe("failed");
    expect(update?.data.counts?.failed).toBe(1);
    expect(Number(update?.lastEventId)).toBe(update?.seq);
    // The first result starts the planned run, and that travels too.
    expect(a.events.map((e) => e.type)).toEqual(["snapshot", "status_changed", "item_updated"]);
    expect(b.events.map((e) => e.type)).toEqual(["snapshot", "status_changed", "item_updated"]);

    await record(l, display, itemAt(display, 0), "passed");
    await other.waitFor(() => other.events.some((e) => e.type === "item_updated"));
    await sleep(100);
    expect(a.events.every((e) => e.testRunId === radio.id)).toBe(true);
    expect(other.events.every((e) => e.testRunId === display.id)).toBe(true);
  });

  it("a multiplexed stream of two runs gets both runs' events in seq order, and ?all=1 gets every run", async () => {
    const l = await lab();
    const one = await createRun(l, "One");
    const two = await createRun(l, "Two");
    const three = await createRun(l, "Three");
    const pair = stream(`${l.url}/api/stream?runs=${one.id},${two.id}`);
    const all = stream(`${l.url}/api/stream?all=1`);
    await Promise.all([pair.waitForCount(1), all.waitForCount(1)]);
    expect(pair.events[0]?.data.runs?.map((r) => r.id).sort()).toEqual([one.id, two.id].sort());
    await Promise.all([
      record(l, one, itemAt(one, 0), "passed"),
      record(l, two, itemAt(two, 0), "failed"),
      record(l, three, itemAt(three, 0), "blocked"),
      record(l, one, itemAt(one, 1), "passed"),
    ]);
    await pair.waitFor(() => pair.events.filter((e) => e.type === "item_updated").length === 3);
    await all.waitFor(() => all.events.filter((e) => e.type === "item_updated").length === 4);
    for (const s of [pair, all]) {
      const seqs = s.events.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    expect(pair.events.some((e) => e.testRunId === three.id)).toBe(false);
  });

  it("replays exactly the missed events after a reconnect with Last-Event-ID, and with ?lastEventId=", async () => {
    const l = await lab();
    const run = await createRun(l, "Replay", 8);
    const first = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await first.waitForCount(1);
    await record(l, run, itemAt(run, 0), "passed");
    await first.waitFor(() => first.events.some((e) => e.type === "item_updated"));
    const resumeFrom = first.events[first.events.length - 1]?.lastEventId ?? "";
    first.close();

    const missed: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const response = await record(l, run, itemAt(run, i), i % 2 === 0 ? "failed" : "passed");
      expect(response.status).toBe(200);
    }
    const log = await l.api<{ events: Array<{ seq: number }> }>(
      "GET",
      `/api/test-runs/${run.id}/events?after=${resumeFrom}`,
    );
    missed.push(...log.body.events.map((e) => e.seq));
    expect(missed).toHaveLength(5);

    const byHeader = stream(`${l.url}/api/test-runs/${run.id}/stream`, { "Last-Event-ID": resumeFrom });
    await byHeader.waitForCount(5);
    await sleep(150);
    expect(byHeader.events.map((e) => e.seq)).toEqual(missed);
    expect(byHeader.events.every((e) => e.type === "item_updated")).toBe(true);

    const byQuery = stream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=${resumeFrom}`);
    await byQuery.waitForCount(5);
    await sleep(150);
    expect(byQuery.events.map((e) => e.seq)).toEqual(missed);

    // Live events continue after the replay, without a gap or a repeat.
    await record(l, run, itemAt(run, 6), "skipped");
    await byQuery.waitForCount(6);
    const seqs = byQuery.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(byQuery.events[5]?.data.item?.status).toBe("skipped");
  });

  it("answers an unknown or too-old Last-Event-ID with a reset carrying the database's state", async () => {
    const l = await lab({ eventRetention: 3 });
    const run = await createRun(l, "Reset", 6);
    for (let i = 0; i < 6; i++) await record(l, run, itemAt(run, i), "passed");

    const unknown = stream(`${l.url}/api/test-runs/${run.id}/stream`, { "Last-Event-ID": "999999" });
    const garbage = stream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=not-a-number`);
    await Promise.all([unknown.waitForCount(1), garbage.waitForCount(1)]);
    const current = (await l.api<TestRunDetail>("GET", `/api/test-runs/${run.id}`)).body;
    for (const s of [unknown, garbage]) {
      expect(s.events[0]?.type).toBe("reset");
      expect(s.events[0]?.data.runs?.[0]).toEqual(current);
    }

    const pruned = await l.server.runtime.runPromise(
      (await import("../../server/application/usecases/list-events.ts")).pruneEventLog(3),
    );
    expect(pruned).toBeGreaterThan(0);
    const tooOld = stream(`${l.url}/api/test-runs/${run.id}/stream`, { "Last-Event-ID": "1" });
    await tooOld.waitForCount(1);
    expect(tooOld.events[0]?.type).toBe("reset");
    expect(tooOld.events[0]?.data.runs?.[0]?.counts.passed).toBe(6);
  });

  it("leaves zero subscriptions after 1,000 clients connect and close", async () => {
    const l = await lab();
    const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => createRun(l, `Run ${i}`, 2)));
    const clients = Array.from({ length: 1_000 }, (_, i) => {
      const run = runs[i % runs.length];
      return stream(i % 4 === 0 ? `${l.url}/api/stream?all=1` : `${l.url}/api/test-runs/${run?.id ?? ""}/stream`);
    });
    await Promise.all(clients.map((c) => c.waitForCount(1, 30_000)));
    const during = await l.api<{ streams: number; subscriptions: number }>("GET", "/api/health");
    expect(during.body.streams).toBe(1_000);
    expect(during.body.subscriptions).toBe(1_000);
    for (const c of clients) c.close();
    const deadline = Date.now() + 15_000;
    let after = during.body;
    while (Date.now() < deadline) {
      after = (await l.api<{ streams: number; subscriptions: number; topics: number }>("GET", "/api/health")).body;
      if (after.subscriptions === 0 && after.streams === 0) break;
      await sleep(100);
    }
    expect(after).toMatchObject({ streams: 0, subscriptions: 0, topics: 0 });
  });

  it("closes a client that stops reading once it passes its cap, while the others keep receiving", async () => {
    const l = await lab({ sendBufferLimit: 65_536 });
    const run = await createRun(l, "Slow", 3);
    const healthy = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await healthy.waitForCount(1);

    const slow = connect({ host: "127.0.0.1", port: l.server.port });
    let slowClosed = false;
    slow.on("close", () => {
      slowClosed = true;
    });
    slow.on("error", () => undefined);
    await new Promise<void>((resolve) => slow.once("connect", () => resolve()));
    slow.write(`GET /api/test-runs/${run.id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
    slow.pause(); // never reads: the kernel buffers fill, then the server's
    await expect.poll(async () => (await l.api<{ streams: number }>("GET", "/api/health")).body.streams).toBe(2);

    const note = "x".repeat(9_000);
    let updates = 0;
    for (; updates < 3_000; updates++) {
      await record(l, run, itemAt(run, updates % 3), updates % 2 === 0 ? "passed" : "failed", {
        note: `${note}${updates}`,
      });
      if (updates % 50 === 0 && (await l.api<{ streams: number }>("GET", "/api/health")).body.streams === 1) break;
    }
    expect((await l.api<{ streams: number }>("GET", "/api/health")).body.streams).toBe(1);
    await healthy.waitFor(() => healthy.events.filter((e) => e.type === "item_updated").length === updates + 1, 20_000);
    const seqs = healthy.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    slow.resume();
    slow.destroy();
    expect(slowClosed || slow.destroyed).toBe(true);
  });

  it("sends named heartbeats carrying server time and the connection's last event id", async () => {
    const l = await lab({ heartbeatMs: 200 });
    const run = await createRun(l, "Beat", 1);
    const s = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await s.waitFor(() => s.heartbeats.length >= 2, 5_000, "two heartbeats");
    const beat = s.heartbeats[s.heartbeats.length - 1];
    expect(Number.isNaN(Date.parse(beat?.serverTime ?? ""))).toBe(false);
    expect(beat?.lastEventId).toBe(s.events[0]?.seq);
    // Heartbeats never move the resume point.
    expect(s.events).toHaveLength(1);
  });

  it("sends the seed's headers and a jittered retry", async () => {
    const l = await lab();
    const run = await createRun(l, "Headers", 1);
    const controller = new AbortController();
    const response = await fetch(`${l.url}/api/test-runs/${run.id}/stream`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("content-encoding")).toBeNull();
    const reader = response.body?.getReader();
    const first = await reader?.read();
    const text = new TextDecoder().decode(first?.value);
    const retry = Number(/retry: (\d+)/.exec(text)?.[1]);
    expect(retry).toBeGreaterThanOrEqual(1_000);
    expect(retry).toBeLessThanOrEqual(3_000);
    controller.abort();
  });

  it("caps live connections per address with 429 and Retry-After", async () => {
    const l = await lab({ maxStreamsPerIp: 2 });
    const run = await createRun(l, "Caps", 1);
    const one = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    const two = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await Promise.all([one.waitForCount(1), two.waitForCount(1)]);
    const third = await fetch(`${l.url}/api/test-runs/${run.id}/stream`);
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).not.toBeNull();
    const body = (await third.json()) as { error: { code: string } };
    expect(body.error.code).toBe("too_many_streams");
  });

  it("404s the stream of an unknown run and 400s a multiplexed stream without runs", async () => {
    const l = await lab();
    expect((await fetch(`${l.url}/api/test-runs/nope/stream`)).status).toBe(404);
    const bad = await fetch(`${l.url}/api/stream`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_query");
  });
});
