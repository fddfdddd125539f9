import { type IncomingHttpHeaders, request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../server/config.ts";
import { issueToken } from "../support/auth-helpers.ts";
import { createRun, openStream, removeDir, startTestLab, type TestLab } from "../support/lab-server.ts";
import { rawRequest, type RawResponse } from "../support/raw-request.ts";

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (overrides: Partial<Config> = {}): Promise<TestLab> => {
  const started = await startTestLab(overrides);
  cleanup.push(async () => {
    await started.close();
    removeDir(started.dataDir);
  });
  return started;
};

/** The answer without what differs between any two answers (the time, the socket's fate). */
const comparable = (response: RawResponse) => {
  const {
    date: _date,
    connection: _connection,
    "keep-alive": _keepAlive,
    ...headers
  }: IncomingHttpHeaders = response.headers;
  return { status: response.status, headers, body: response.json };
};

const get = (l: TestLab, path: string, headers: Record<string, string> = {}) =>
  rawRequest(l.url, { method: "GET", path, headers: { host: "127.0.0.1", ...headers } });

/**
 * A plain stream GET is taken before Fastify; the same request with one query character
 * percent-encoded is left to Fastify's route. Refused, both must answer alike.
 */
describe("stream requests taken from Node before Fastify", () => {
  it("refuse exactly as Fastify's route does: read token, bad token, unknown run, bad query", async () => {
    const l = await lab({ requireReadToken: true });
    const viewer = await issueToken(l, "Wall", "viewer");
    const run = await createRun(l, "Takeover", 2);
    const pairs: Array<[string, string, Record<string, string>?]> = [
      ["/api/stream?all=1", "/api/stream?all=%31"],
      [`/api/test-runs/${run.id}/stream`, `/api/test-runs/${run.id}/stream?lastEventId=%31`],
      ["/api/stream?all=1&access_token=mt_wrong", "/api/stream?all=%31&access_token=mt_wrong"],
      [
        `/api/test-runs/nope/stream?access_token=${viewer.token}`,
        `/api/test-runs/nope/stream?all=%31&access_token=${viewer.token}`,
      ],
      [`/api/stream?all=2&access_token=${viewer.token}`, `/api/stream?all=%32&access_token=${viewer.token}`],
      [`/api/stream?access_token=${viewer.token}`, `/api/stream?lastEventId=%31&access_token=${viewer.token}`],
      ["/api/stream?all=1", "/api/stream?all=%31", { authorization: "Bearer mt_unknown" }],
    ];
    for (const [taken, routed, headers] of pairs) {
      const a = comparable(await get(l, taken, headers));
      const b = comparable(await get(l, routed, headers));
      expect(a.status, taken).toBeGreaterThanOrEqual(400);
      expect(a, taken).toEqual(b);
    }
  });

  it("apply the per-address cap alike, and serve a taken stream its snapshot and live events", async () => {
    const l = await lab({ maxStreamsPerIp: 1 });
    const run = await createRun(l, "Capped", 2);
    const first = openStream(`${l.url}/api/test-runs/${run.id}/stream`);
    cleanup.push(() => first.close());
    await first.waitForCount(1);
    const a = comparable(await get(l, `/api/test-runs/${run.id}/stream`));
    const b = comparable(await get(l, `/api/test-runs/${run.id}/stream?lastEventId=%31`));
    expect(a.status).toBe(429);
    expect(a).toEqual(b);
    const health = await l.api<{ streams: number; subscriptions: number; topics: number }>("GET", "/api/health");
    expect(health.body).toMatchObject({ streams: 1, subscriptions: 1, topics: 1 });
    const item = run.items[0];
    expect(item).toBeDefined();
    await l.api("PUT", `/api/test-runs/${run.id}/items/${item?.id ?? ""}`, { status: "passed" });
    // The first result also starts the planned run: status_changed, then item_updated.
    await first.waitForCount(3);
    expect(first.events.map((e) => e.type)).toEqual(["snapshot", "status_changed", "item_updated"]);
    const seqs = first.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });

  it("end every taken stream cleanly on shutdown, and the server closes promptly", async () => {
    const l = await lab();
    const run = await createRun(l, "Shutdown", 2);
    const open = (path: string) =>
      new Promise<{ ended: Promise<string> }>((resolve, reject) => {
        const req = httpRequest(`${l.url}${path}`, { agent: false }, (res) => {
          let text = "";
          const ended = new Promise<string>((done) => {
            res.on("data", (chunk: Buffer) => {
              text += chunk.toString("utf8");
              if (text.includes("\ndata: ")) resolve({ ended });
            });
            res.on("end", () => done(text));
          });
        });
        req.on("error", reject);
        req.end();
      });
    const streams = await Promise.all([open(`/api/test-runs/${run.id}/stream`), open("/api/stream?all=1")]);
    const started = Date.now();
    await l.close();
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const s of streams) expect(await s.ended).toMatch(/^retry: \d+\n\nid: \d+\ndata: \{"seq"/);
  });
});
