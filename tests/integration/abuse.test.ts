import { connect, type Socket } from "node:net";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createRun, openStream, sleep, startTestLab, type TestLab, type TestStream } from "../support/lab-server.ts";

/** Connection attempts from one address; `npm run soak` raises it. */
const attempts = Number(process.env.MEDI_TEST_ABUSE_ATTEMPTS ?? "20000");

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const lab = async (overrides = {}): Promise<TestLab> => {
  const started = await startTestLab(overrides);
  cleanup.push(() => started.close());
  return started;
};

/** One stream request from a chosen loopback source address; resolves with the status. */
const streamStatus = (
  port: number,
  path: string,
  localAddress: string,
): Promise<{ status: number; retryAfter: string | undefined; close: () => void }> =>
  new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, localAddress, agent: false }, (res) => {
      const close = () => {
        res.destroy();
        req.destroy();
      };
      if (res.statusCode !== 200) res.resume();
      const retry = res.headers["retry-after"];
      resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retry) ? retry[0] : retry, close });
    });
    req.on("error", reject);
    req.end();
  });

describe("abuse", () => {
  it(`caps ${attempts.toLocaleString("en-US")} stream attempts from one address while others are still served`, async () => {
    const l = await lab({ maxStreamsPerIp: 200, maxStreams: 5_000 });
    const run = await createRun(l, "Under attack", 2);
    const path = `/api/test-runs/${run.id}/stream`;
    const held: Array<() => void> = [];
    cleanup.push(() => {
      for (const close of held) close();
    });
    const statuses = new Map<number, number>();
    let retryAfterMissing = 0;
    const batch = 200;
    for (let sent = 0; sent < attempts; sent += batch) {
      const results = await Promise.all(
        Array.from({ length: Math.min(batch, attempts - sent) }, () => streamStatus(l.server.port, path, "127.0.0.1")),
      );
      for (const r of results) {
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status === 200) held.push(r.close);
        else {
          if (r.retryAfter === undefined) retryAfterMissing += 1;
          r.close();
        }
      }
    }
    expect(statuses.get(200)).toBe(200);
    expect(statuses.get(429)).toBe(attempts - 200);
    expect(retryAfterMissing).toBe(0);

    // Another address on the lab network still gets its board, and the API still answers.
    const other = await streamStatus(l.server.port, path, "127.0.0.2");
    held.push(other.close);
    expect(other.status).toBe(200);
    expect((await l.api("GET", "/api/health")).status).toBe(200);
  }, 300_000);

  it("refuses an oversize body with 413 as soon as it is announced, without reading it all", async () => {
    const l = await lab({ bodyLimit: 64 * 1024 });
    const socket: Socket = connect({ host: "127.0.0.1", port: l.server.port });
    cleanup.push(() => {
      socket.destroy();
    });
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on("error", () => undefined);
    const announced = 512 * 1024 * 1024;
    socket.write(
      `POST /api/test-runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${l.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${announced}\r\n\r\n`,
    );
    socket.write(`{"name":"${"x".repeat(1024)}`);
    const deadline = Date.now() + 5_000;
    while (!answer.includes("\r\n\r\n") && Date.now() < deadline) await sleep(20);
    expect(answer).toMatch(/^HTTP\/1\.1 413/);
    expect(answer).toContain('"code":"payload_too_large"');
    // Nothing of it was stored.
    expect((await l.api<{ runs: unknown[] }>("GET", "/api/test-runs")).body.runs).toHaveLength(0);
  });

  it("also stops a chunked upload with no length once it passes the limit", async () => {
    const l = await lab({ bodyLimit: 64 * 1024 });
    const result = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: l.server.port,
          path: "/api/test-runs",
          method: "POST",
          headers: {
            authorization: `Bearer ${l.adminToken}`,
            "content-type": "application/json",
            "transfer-encoding": "chunked",
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write(`{"name":"`);
      let sent = 0;
      const pump = () => {
        // Keeps sending up to 64 MiB unless the server answers first.
        while (sent < 64 * 1024 * 1024 && req.write("x".repeat(16 * 1024))) sent += 16 * 1024;
        if (sent < 64 * 1024 * 1024) req.once("drain", pump);
        else req.end('"}');
      };
      pump();
    });
    expect(result).toBe(413);
  });

  it("keeps serving boards while one stream client is flooded with a replay it cannot read", async () => {
    const l = await lab({ sendBufferLimit: 65_536 });
    const run = await createRun(l, "Replay flood", 2);
    for (let i = 0; i < 200; i++) {
      const item = run.items[i % 2];
      if (item === undefined) continue;
      await l.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "passed", note: "n".repeat(2_000) });
    }
    const sleeper = connect({ host: "127.0.0.1", port: l.server.port });
    cleanup.push(() => {
      sleeper.destroy();
    });
    sleeper.on("error", () => undefined);
    await new Promise<void>((resolve) => sleeper.once("connect", () => resolve()));
    sleeper.write(`GET /api/test-runs/${run.id}/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: 1\r\n\r\n`);
    sleeper.pause();
    const healthy: TestStream = openStream(`${l.url}/api/test-runs/${run.id}/stream`);
    cleanup.push(() => healthy.close());
    await healthy.waitForCount(1);
    const item = run.items[0];
    if (item === undefined) throw new Error("no item");
    await l.api("PUT", `/api/test-runs/${run.id}/items/${item.id}`, { status: "failed" });
    await healthy.waitFor(() => healthy.events.some((e) => e.data.item?.status === "failed"));
  });
});

describe("slow clients", () => {
  it("cuts off a client that sends its request headers too slowly (slowloris), and keeps serving others", async () => {
    const l = await lab({ headersTimeoutMs: 1_000 });
    const slow = connect({ host: "127.0.0.1", port: l.server.port });
    cleanup.push(() => {
      slow.destroy();
    });
    slow.on("error", () => undefined);
    let closedAt = 0;
    let answer = "";
    slow.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    slow.on("close", () => {
      closedAt = Date.now();
    });
    await new Promise<void>((resolve) => slow.once("connect", () => resolve()));
    const started = Date.now();
    slow.write("GET /api/health HTTP/1.1\r\n");
    // One header line every 300 ms, never finishing.
    const drip = setInterval(() => {
      if (!slow.destroyed) slow.write(`X-Drip-${Date.now()}: 1\r\n`);
    }, 300);
    cleanup.push(() => clearInterval(drip));
    while (closedAt === 0 && Date.now() - started < 10_000) {
      expect((await l.api("GET", "/api/health")).status).toBe(200);
      await sleep(200);
    }
    clearInterval(drip);
    expect(closedAt).toBeGreaterThan(0);
    expect(closedAt - started).toBeLessThan(5_000);
    expect(answer === "" || answer.startsWith("HTTP/1.1 408")).toBe(true);
  });
});
