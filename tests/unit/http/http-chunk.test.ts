import { createServer, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import { setImmediate as nextTurn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { httpChunkOf } from "../../../server/http/sse/http-chunk.ts";
import { makeStreamRegistry, type StreamConnection } from "../../../server/http/sse/stream-registry.ts";

const limits = { maxTotal: 10, maxPerIp: 10, heartbeatMs: 60_000, sendBufferLimit: 1 << 20, stallMs: 1_000 };

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/**
 * A real server whose handler writes the response (and ends it, even when it throws); answers the
 * raw bytes the client read to the end.
 */
const rawExchange = async (request: string, handle: (res: ServerResponse) => Promise<void>): Promise<string> => {
  const failures: unknown[] = [];
  server = createServer((_req, res) => {
    handle(res)
      .catch((error: unknown) => failures.push(error))
      .finally(() => res.end());
  });
  await new Promise<void>((ready) => server?.listen(0, "127.0.0.1", ready));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  const socket = connect(address.port, "127.0.0.1");
  socket.write(request);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await new Promise((done) => socket.on("close", done));
  if (failures.length > 0) throw failures[0];
  return Buffer.concat(chunks).toString("latin1");
};

const framed = (data: Buffer) => `${data.byteLength.toString(16)}\r\n${data.toString("latin1")}\r\n`;

const bodyOf = (raw: string): string => raw.slice(raw.indexOf("\r\n\r\n") + 4);

const http11 = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

/** A live stream on `res` in the registry, as event-stream.ts starts one. */
const liveConnection = (res: ServerResponse): StreamConnection => ({
  ip: "127.0.0.1",
  credential: null,
  res,
  lastSent: 0,
  started: true,
  stop: () => undefined,
});

/** Counts the writes that reach the response's socket itself. */
const countSocketWrites = (res: ServerResponse): { count: number } => {
  const counter = { count: 0 };
  const socket = res.socket;
  if (socket === null) throw new Error("no socket");
  const write = socket.write.bind(socket);
  socket.write = ((...args: Parameters<typeof write>) => {
    counter.count += 1;
    return write(...args);
  }) as typeof socket.write;
  return counter;
};

describe("a live stream's chunks", () => {
  it("are framed exactly as a chunked ServerResponse frames them", async () => {
    const first = Buffer.from("retry: 1500\n\n");
    const second = Buffer.from('id: 7\nevent: item_updated\ndata: {"名前":"テスト"}\n\n');
    const raw = await rawExchange(http11, async (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(first);
      await nextTurn();
      res.socket?.write(httpChunkOf(second));
      res.write(second);
    });
    expect(raw).toContain("Transfer-Encoding: chunked");
    expect(bodyOf(raw)).toBe(`${framed(first)}${framed(second)}${framed(second)}0\r\n\r\n`);
  });

  it("go straight to the socket once live, one write each, never before what the response still holds", async () => {
    const streams = makeStreamRegistry(limits, Date.now);
    const snapshot = Buffer.from("retry: 1000\n\nid: 1\ndata: {}\n\n");
    const events = [2, 3, 4].map((seq) => Buffer.from(`id: ${seq}\ndata: {}\n\n`));
    let direct = 0;
    const raw = await rawExchange(http11, async (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const connection = liveConnection(res);
      streams.add(connection);
      const socketWrites = countSocketWrites(res);
      // The snapshot is still in the response (handed to the socket on the next tick): the first
      // live event must follow it, not overtake it.
      res.write(snapshot);
      expect(streams.write(connection, events[0] ?? snapshot)).toBe(true);
      await nextTurn();
      const before = socketWrites.count;
      expect(streams.write(connection, events[1] ?? snapshot)).toBe(true);
      expect(streams.write(connection, events[2] ?? snapshot)).toBe(true);
      direct = socketWrites.count - before;
      expect(connection.direct).toBe(res.socket);
      streams.remove(connection);
    });
    expect(direct).toBe(2);
    const text = bodyOf(raw);
    expect(text.endsWith("0\r\n\r\n")).toBe(true);
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([1, 2, 3, 4]);
    expect(text).toContain(`${framed(events[1] ?? snapshot)}${framed(events[2] ?? snapshot)}0\r\n\r\n`);
  });

  it("go through the response for an HTTP/1.0 client, which gets no chunked encoding", async () => {
    const streams = makeStreamRegistry(limits, Date.now);
    const raw = await rawExchange("GET / HTTP/1.0\r\nHost: x\r\n\r\n", async (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("retry: 1000\n\n");
      await nextTurn();
      const connection = liveConnection(res);
      streams.add(connection);
      expect(streams.write(connection, Buffer.from("id: 1\ndata: {}\n\n"))).toBe(true);
      expect(connection.direct).toBeNull();
      streams.remove(connection);
    });
    expect(raw).not.toContain("chunked");
    expect(bodyOf(raw)).toBe("retry: 1000\n\nid: 1\ndata: {}\n\n");
  });
});
