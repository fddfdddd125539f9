import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../../server/config.ts";
import { createRun, removeDir, sleep, startTestLab, type TestLab } from "../support/lab-server.ts";

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

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The server closed the connection. */
  readonly closed: boolean;
}

/** Writes bytes as given (no HTTP client would send them) and reads what comes back until close. */
const sendRaw = (port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString()}`));
    }, timeoutMs);
    socket.on("error", () => undefined);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString("utf8");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join("\r\n\r\n"),
        closed: true,
      });
    });
    socket.on("connect", () => socket.write(bytes));
  });

const expectApiError = (answer: RawAnswer, status: number, code: string): void => {
  expect({ status: answer.status, type: answer.headers["content-type"] }).toEqual({
    status,
    type: expect.stringMatching(/^application\/json/),
  });
  expect(JSON.parse(answer.body)).toEqual({ error: { code, message: expect.any(String) } });
  expect(answer.closed).toBe(true);
};

describe("Node's own rejections, in the API's error shape", () => {
  it("answers headers that are too large with 431 JSON and closes", async () => {
    const l = await lab();
    const big = "x".repeat(20_000);
    const answer = await sendRaw(l.server.port, `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${big}\r\n\r\n`);
    expectApiError(answer, 431, "headers_too_large");
    expect(answer.headers.connection).toBe("close");
    expect((await l.api("GET", "/api/health")).status).toBe(200);
  });

  it.each([
    ["a control character in a header value", "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0001b\r\n\r\n"],
    ["a space in a header name", "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\n\r\n"],
    ["a request line that is not HTTP", "HELLO THERE\r\n\r\n"],
    [
      "a broken chunked body",
      "POST /api/test-runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    ],
    [
      "both Content-Length and chunked",
      "POST /api/test-runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
    ],
  ])("answers %s with 400 JSON and closes", async (_what, bytes) => {
    const l = await lab();
    expectApiError(await sendRaw(l.server.port, bytes), 400, "bad_request");
    expect((await l.api("GET", "/api/health")).status).toBe(200);
  });

  it("answers an HTTP/1.1 request without Host with 400 JSON", async () => {
    const l = await lab();
    const answer = await sendRaw(l.server.port, "GET /api/health HTTP/1.1\r\n\r\n");
    expectApiError(answer, 400, "missing_host");
  });

  it("answers an unsupported Expect with 417 JSON", async () => {
    const l = await lab();
    const answer = await sendRaw(l.server.port, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: tea\r\n\r\n");
    expectApiError(answer, 417, "expectation_failed");
  });

  it("answers slow headers with 408 JSON", async () => {
    const l = await lab({ headersTimeoutMs: 1_000 });
    const socket = connect({ host: "127.0.0.1", port: l.server.port });
    cleanup.push(() => void socket.destroy());
    socket.on("error", () => undefined);
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await Promise.race([closed, sleep(5_000)]);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(text.split("\r\n\r\n")[1] ?? "")).toEqual({
      error: { code: "request_timeout", message: expect.any(String) },
    });
  });

  it("answers a request arriving while the server shuts down with 503 JSON", async () => {
    const l = await lab();
    // One connection: a POST whose body is still on its way keeps the connection busy; once the
    // server is closing, the rest of that body and a pipelined second request arrive.
    const socket = connect({ host: "127.0.0.1", port: l.server.port });
    socket.on("error", () => undefined);
    let text = "";
    socket.on("data", (chunk: Buffer) => (text += chunk.toString()));
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    const body = JSON.stringify({ name: "Late" });
    socket.write(
      `POST /api/test-runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${l.adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 3)}`,
    );
    await sleep(100);
    const closing = l.close();
    await sleep(100);
    socket.write(`${body.slice(3)}GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await closing;
    await new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.on("close", () => resolve())));
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    const last = answers.at(-1) ?? "";
    expect(last).toMatch(/^HTTP\/1\.1 503 /);
    expect(JSON.parse(last.split("\r\n\r\n")[1] ?? "")).toEqual({
      error: { code: "shutting_down", message: expect.any(String) },
    });
  });
});

/** A HEAD request; resolves when the answer is complete (a held-open stream would never end). */
const head = (url: string): Promise<{ status: number; type: string; bytes: number; ms: number }> =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    const req = httpRequest(url, { method: "HEAD", agent: false }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"]),
          bytes,
          ms: Date.now() - started,
        }),
      );
    });
    req.setTimeout(3_000, () => req.destroy(new Error(`HEAD ${url} held open`)));
    req.on("error", reject);
    req.end();
  });

describe("HEAD on the stream routes", () => {
  it("answers at once with the stream's headers and no body, and leaves no stream open", async () => {
    const l = await lab();
    const run = await createRun(l, "Headed", 2);
    for (const path of ["/api/stream?all=1", `/api/stream?runs=${run.id}`, `/api/test-runs/${run.id}/stream`]) {
      const answer = await head(`${l.url}${path}`);
      expect({ path, status: answer.status, bytes: answer.bytes }).toEqual({ path, status: 200, bytes: 0 });
      expect(answer.type).toMatch(/^text\/event-stream/);
      expect(answer.ms).toBeLessThan(1_000);
    }
    expect((await head(`${l.url}/api/test-runs/nope/stream`)).status).toBe(404);
    expect((await head(`${l.url}/api/stream`)).status).toBe(400);
    expect(l.server.ctx.streams.size()).toBe(0);
  });

  it("checks the read token like GET does", async () => {
    const l = await lab({ requireReadToken: true });
    expect((await head(`${l.url}/api/stream?all=1`)).status).toBe(401);
  });
});
