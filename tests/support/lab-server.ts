import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EventSource } from "eventsource";
import type { Comment } from "../../server/domain/comment.ts";
import type { RunCounts } from "../../server/domain/run-counts.ts";
import type { TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";
import { type Config, defaultConfig } from "../../server/config.ts";
import { type LabServer, type StartOptions, startLabServer } from "../../server/start-server.ts";

export interface TestLab {
  readonly server: LabServer;
  readonly url: string;
  readonly dataDir: string;
  readonly adminToken: string;
  /** JSON request; `token` null sends none. */
  readonly api: <T = ApiBody>(
    method: string,
    path: string,
    body?: unknown,
    options?: ApiOptions,
  ) => Promise<ApiResponse<T>>;
  readonly close: () => Promise<void>;
}

export interface ApiOptions {
  readonly token?: string | null;
  readonly headers?: Record<string, string>;
  readonly rawBody?: string;
}

/** The error shape every route shares, plus whatever else a body holds. */
export interface ApiBody {
  readonly error?: { readonly code: string; readonly message: string; readonly details?: unknown };
  readonly current?: TestItem & TestRunSummary;
  readonly [key: string]: unknown;
}

export interface ApiResponse<T = ApiBody> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export const makeTempDir = (prefix = "medi-test-"): string => mkdtempSync(join(tmpdir(), prefix));

/** A real lab server on an ephemeral loopback port over a temp SQLite file. */
export const startTestLab = async (
  overrides: Partial<Config> = {},
  dataDir = makeTempDir(),
  options: StartOptions = {},
): Promise<TestLab> => {
  const config: Config = {
    ...defaultConfig,
    host: "127.0.0.1",
    port: 0,
    dataDir,
    logLevel: "silent",
    writeRateLimit: 0,
    maxStreamsPerIp: 5_000,
    ...overrides,
  };
  const server = await startLabServer(config, options);
  const url = server.localUrl;
  const api = async <T = ApiBody>(
    method: string,
    path: string,
    body?: unknown,
    options: ApiOptions = {},
  ): Promise<ApiResponse<T>> => {
    const token = options.token === undefined ? server.adminToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${url}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  };
  let closed = false;
  return {
    server,
    url,
    dataDir,
    adminToken: server.adminToken,
    api,
    close: async () => {
      if (closed) return;
      closed = true;
      await server.close();
    },
  };
};

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Every field any event type's data may carry (docs/protocol.md). */
export interface EventData {
  readonly runs?: ReadonlyArray<TestRunDetail>;
  readonly run?: TestRunDetail;
  readonly item?: TestItem;
  readonly items?: ReadonlyArray<TestItem>;
  readonly counts?: RunCounts;
  readonly comment?: Comment;
  readonly status?: string;
  readonly previousStatus?: string;
  readonly id?: string;
}

export interface WireEvent {
  readonly seq: number;
  readonly type: string;
  readonly testRunId: string;
  readonly itemId?: string;
  readonly data: EventData;
  readonly timestamp: string;
  readonly lastEventId: string;
}

/** A real EventSource (the `eventsource` package) that records every message. */
export const openStream = (url: string, init: { headers?: Record<string, string> } = {}) => {
  const events: WireEvent[] = [];
  const heartbeats: Array<{ serverTime: string; lastEventId: number }> = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of waiters) w();
  };
  const source = new EventSource(url, {
    fetch: (input, fetchInit) =>
      fetch(input, { ...fetchInit, headers: { ...(fetchInit?.headers as Record<string, string>), ...init.headers } }),
  });
  source.onmessage = (message) => {
    events.push({ ...(JSON.parse(message.data) as Omit<WireEvent, "lastEventId">), lastEventId: message.lastEventId });
    notify();
  };
  source.addEventListener("heartbeat", (message) => {
    heartbeats.push(JSON.parse(message.data) as { serverTime: string; lastEventId: number });
    notify();
  });
  source.onerror = () => notify();
  const waitFor = (predicate: () => boolean, timeoutMs = 10_000, what = "stream condition"): Promise<void> =>
    new Promise((resolve, reject) => {
      if (predicate()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `timed out waiting for ${what}; got ${events.length} events: ${events.map((e) => `${e.seq}:${e.type}`).join(", ")}`,
          ),
        );
      }, timeoutMs);
      const check = () => {
        if (predicate()) {
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
    });
  return {
    source,
    events,
    heartbeats,
    waitFor,
    waitForCount: (n: number, timeoutMs?: number) => waitFor(() => events.length >= n, timeoutMs, `${n} events`),
    close: () => source.close(),
  };
};

export type TestStream = ReturnType<typeof openStream>;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a run with `count` items in two sections; returns its detail. */
export const createRun = async (lab: TestLab, name: string, count = 5): Promise<TestRunDetail> => {
  const items = Array.from({ length: count }, (_, i) => ({
    title: `Case ${i + 1}`,
    section: i % 2 === 0 ? "A/One" : "B/Two",
  }));
  const response = await lab.api<TestRunDetail>("POST", "/api/test-runs", { name, labels: { build: "1.0" }, items });
  if (response.status !== 201)
    throw new Error(`create run failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
};
