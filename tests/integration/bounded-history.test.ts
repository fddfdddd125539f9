import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { TestRunDetail } from "../../server/domain/test-run.ts";
import type { WallRun } from "../../server/domain/wall-run.ts";
import {
  createRun,
  openStream,
  sleep,
  startTestLab,
  type TestLab,
  type TestStream,
  type WireEvent,
} from "../support/lab-server.ts";

const labs: TestLab[] = [];
const streams: TestStream[] = [];
const sockets: Socket[] = [];
const lab = async (overrides = {}) => {
  const started = await startTestLab(overrides);
  labs.push(started);
  return started;
};
const stream = (url: string) => {
  const opened = openStream(url);
  streams.push(opened);
  return opened;
};

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of streams.splice(0)) s.close();
  for (const l of labs.splice(0)) await l.close();
});

interface Health {
  readonly streams: number;
  readonly subscriptions: number;
}

const health = async (l: TestLab): Promise<Health> => (await fetch(`${l.url}/api/health`)).json() as Promise<Health>;

/**
 * A raw HTTP client that sends a request and then never reads: a screen that froze. `closed`
 * resolves with the milliseconds until the server let go of it (its count of open streams
 * drops to `othersOpen`): a client that reads nothing cannot see the close itself.
 */
const stalledClient = async (l: TestLab, path: string, headers: Record<string, string> = {}, othersOpen = 0) => {
  const socket = connect({ host: "127.0.0.1", port: l.server.port });
  sockets.push(socket);
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const opened = Date.now();
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`);
  socket.pause();
  const closed = (async () => {
    while ((await health(l)).streams <= othersOpen) {
      if (Date.now() - opened > 20_000) throw new Error("the server never took the stream");
      await sleep(20);
    }
    while ((await health(l)).streams > othersOpen) {
      if (Date.now() - opened > 20_000) throw new Error("the server kept a client that reads nothing");
      await sleep(100);
    }
    return Date.now() - opened;
  })();
  return { socket, closed };
};

/** The first bytes of a raw response (enough for its status line). */
const statusOf = async (l: TestLab, path: string): Promise<number> => {
  const socket = connect({ host: "127.0.0.1", port: l.server.port });
  sockets.push(socket);
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  const head = await new Promise<string>((resolve) =>
    socket.once("data", (chunk: Buffer) => resolve(chunk.toString("latin1"))),
  );
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
};

/** A run whose event log holds `batches` bulk results of `items` results with long notes each. */
const bigLog = async (l: TestLab, items: number, batches: number, noteLength: number): Promise<TestRunDetail> => {
  const run = await createRun(l, "Long history", items);
  for (let b = 0; b < batches; b++) {
    const results = run.items.map((item) => ({
      itemId: item.id,
      status: b % 2 === 0 ? "passed" : "failed",
      note: `${b}`.padEnd(noteLength, "n"),
    }));
    const answer = await l.api("POST", `/api/test-runs/${run.id}/results`, { results });
    if (answer.status !== 200) throw new Error(`results failed: ${answer.status}`);
  }
  return run;
};

const healthMs = async (l: TestLab): Promise<number> => {
  const started = performance.now();
  const answer = await fetch(`${l.url}/api/health`);
  expect(answer.status).toBe(200);
  return performance.now() - started;
};

describe("a wall's streams send what a wall shows", () => {
  it("sends run summaries with newest failures, testers and progress on ?all=1 and ?runs=a,b, and every item on a run's own stream", async () => {
    const l = await lab();
    const radio = await createRun(l, "Radio", 12);
    const display = await createRun(l, "Display", 3);
    const results = radio.items
      .slice(0, 10)
      .map((item, i) => ({ itemId: item.id, status: i % 3 === 0 ? "failed" : "passed" }));
    expect((await l.api("POST", `/api/test-runs/${radio.id}/results`, { results })).status).toBe(200);
    const lastFailed = radio.items[9];
    if (lastFailed === undefined) throw new Error("no item");
    expect((await l.api("PUT", `/api/test-runs/${radio.id}/items/${lastFailed.id}`, { status: "passed" })).status).toBe(
      200,
    );

    const wall = stream(`${l.url}/api/stream?all=1`);
    const pair = stream(`${l.url}/api/stream?runs=${radio.id},${display.id}`);
    const own = stream(`${l.url}/api/test-runs/${radio.id}/stream`);
    const single = stream(`${l.url}/api/stream?runs=${radio.id}`);
    await Promise.all([wall.waitForCount(1), pair.waitForCount(1), own.waitForCount(1), single.waitForCount(1)]);

    for (const s of [wall, pair]) {
      const runs = s.events[0]?.data.runs as unknown as ReadonlyArray<WallRun & { items?: unknown }>;
      expect(runs.map((run) => run.name).sort()).toEqual(["Display", "Radio"]);
      const summary = runs.find((run) => run.id === radio.id);
      expect(summary?.items).toBeUndefined();
      expect(summary?.counts).toMatchObject({ total: 12, failed: 3, passed: 7 });
      // Items 0, 3, 6 failed (9 failed, then passed): newest first, at most five.
      expect(summary?.failures.map((failure) => failure.id).sort()).toEqual(
        [0, 3, 6].map((i) => radio.items[i]?.id).sort(),
      );
      // Written with the lab's admin token: no tester to list.
      expect(summary?.testers).toEqual([]);
      expect(summary?.lastActivityAt).toBeGreaterThan(0);
      const newest = summary?.progress[summary.progress.length - 1];
      expect(newest).toMatchObject({ done: 10, failed: 3 });
    }
    expect(own.events[0]?.data.runs?.[0]?.items).toHaveLength(12);
    // `?runs=` with one id is that run's stream (the run board's): every item.
    expect(single.events[0]?.data.runs?.[0]?.items).toHaveLength(12);
  });

  it("keeps at most five failures per run in the summary, newest first", async () => {
    const l = await lab();
    const run = await createRun(l, "Many failures", 9);
    for (const item of run.items) {
      expect((await l.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "failed" })).status).toBe(200);
      await sleep(2);
    }
    const wall = stream(`${l.url}/api/stream?all=1`);
    await wall.waitForCount(1);
    const runs = (wall.events[0]?.data.runs ?? []) as unknown as ReadonlyArray<WallRun>;
    const summary = runs[0];
    expect(summary?.failures.map((failure) => failure.id)).toEqual(
      run.items
        .slice(4)
        .reverse()
        .map((item) => item.id),
    );
  });
});

describe("history is read in bounded pages, as fast as the client reads", () => {
  it("replays a 20 MB log to a reading client whole and in order, and cuts off one that stops reading", async () => {
    const l = await lab({ streamStallMs: 1_500 });
    // 24 batches × 400 results × ~2 KB notes: each event is ~1 MB of data.
    const run = await bigLog(l, 400, 24, 2_000);
    const reader = stream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=0`);
    await reader.waitFor(() => reader.events.filter((e) => e.type === "batch").length === 24, 30_000, "24 batches");
    const seqs = reader.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    // The frozen client is let go once it has read nothing for streamStallMs (1.5 s).
    const stalled = await stalledClient(l, `/api/test-runs/${run.id}/stream`, { "Last-Event-ID": "0" }, 1);
    const closedAfter = await stalled.closed;
    expect(closedAfter).toBeGreaterThanOrEqual(1_000);
    expect(closedAfter).toBeLessThan(10_000);
    expect((await health(l)).subscriptions).toBe(1);
    expect(await healthMs(l)).toBeLessThan(1_000);
  });

  it("cuts off a client that does not read its (large) snapshot, instead of holding it forever", async () => {
    const l = await lab({ streamStallMs: 1_000, bodyLimit: 16 * 1024 * 1024 });
    // ~10 MB of snapshot: more than loopback's socket buffers take from a client that reads nothing.
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      title: `Case ${i} `.padEnd(480, "t"),
      section: `Big ${i % 9} `.padEnd(280, "s"),
    }));
    const created = await l.api<TestRunDetail>("POST", "/api/test-runs", { name: "Big run", items });
    expect(created.status).toBe(201);
    const stalled = await stalledClient(l, `/api/test-runs/${created.body.id}/stream`);
    expect(await stalled.closed).toBeGreaterThanOrEqual(900);
    expect((await health(l)).subscriptions).toBe(0);
    // A client that reads gets the whole snapshot (about 1.5 MB in one message), not a cut-off.
    const reader = stream(`${l.url}/api/test-runs/${created.body.id}/stream`);
    await reader.waitForCount(1);
    expect(reader.events[0]?.data.runs?.[0]?.items).toHaveLength(10_000);
  });

  it("lets a few streams load history at once, queues more, and answers 503 with Retry-After past the queue", async () => {
    const l = await lab({ maxStreamStarts: 1, streamStallMs: 6_000, bodyLimit: 16 * 1024 * 1024 });
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      title: `Case ${i} `.padEnd(480, "t"),
      section: `Big ${i % 9} `.padEnd(280, "s"),
    }));
    const created = await l.api<TestRunDetail>("POST", "/api/test-runs", { name: "Big run", items });
    // One frozen client holds the only permit; 64 more may wait in line. Each step waits for the
    // gate to count it (not a fixed time a busy machine could outlast).
    const gate = l.server.ctx.startGate;
    const holder = await stalledClient(l, `/api/test-runs/${created.body.id}/stream`, {}, 64);
    await expect.poll(() => gate.stats()).toEqual({ active: 1, waiting: 0 });
    const waiting: TestStream[] = [];
    for (let i = 0; i < 64; i++) waiting.push(stream(`${l.url}/api/stream?all=1`));
    await expect.poll(() => gate.stats()).toEqual({ active: 1, waiting: 64 });
    expect(waiting.every((s) => s.events.length === 0)).toBe(true);
    const refused = await fetch(`${l.url}/api/stream?all=1`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("server_busy");
    // The holder is cut off; the line moves, each stream gets its snapshot.
    await holder.closed;
    await Promise.all(waiting.map((s) => s.waitForCount(1, 20_000)));
    expect(await statusOf(l, "/api/health")).toBe(200);
  });

  it("pages GET /events by bytes as well as by count, and the pages together hold every event once", async () => {
    const l = await lab();
    const run = await bigLog(l, 400, 6, 2_000);
    const seen: number[] = [];
    let after = 0;
    let pages = 0;
    for (;;) {
      const page = await l.api<{ events: WireEvent[]; next: number | null }>(
        "GET",
        `/api/test-runs/${run.id}/events?after=${after}&limit=5000`,
      );
      expect(page.status).toBe(200);
      // ~1 MB per batch event: a page stops at about 1 MB (the first event always fits).
      expect(JSON.stringify(page.body.events).length).toBeLessThan(2.5 * 1024 * 1024);
      seen.push(...page.body.events.map((e) => e.seq));
      pages += 1;
      if (page.body.next === null) break;
      after = page.body.next;
    }
    expect(pages).toBeGreaterThan(2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(7);
  });

  it("sends a reset with a fresh state to a client further behind than maxReplayEvents, and a replay otherwise", async () => {
    const l = await lab({ maxReplayEvents: 5 });
    const run = await createRun(l, "Busy", 12);
    for (const item of run.items)
      expect((await l.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "passed" })).status).toBe(200);
    const live = stream(`${l.url}/api/test-runs/${run.id}/stream`);
    await live.waitForCount(1);
    const head = live.events[0]?.seq ?? 0;
    const far = stream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=${head - 8}`);
    const near = stream(`${l.url}/api/test-runs/${run.id}/stream?lastEventId=${head - 3}`);
    await Promise.all([far.waitForCount(1), near.waitForCount(3)]);
    expect(far.events[0]?.type).toBe("reset");
    expect(far.events[0]?.data.runs?.[0]?.counts?.passed).toBe(12);
    expect(near.events.map((e) => e.seq)).toEqual([head - 2, head - 1, head]);
  });
});
