/**
 * Sends test results to a medi-test server as they happen, for the live reporters: results are
 * queued and posted in batches (`POST /api/test-runs/:id/results` with `addMissing`, so a test
 * the run does not list yet becomes an item), a failed post is retried with backoff, and nothing
 * here ever throws into the test runner — a server that is away costs one warning line, never a
 * failed test run.
 */

export type LiveStatus = "passed" | "failed" | "skipped" | "blocked";

export interface LiveResult {
  /** Stable id of the test across runs, e.g. "src/login.test.ts::login > rejects a bad PIN". */
  readonly key: string;
  readonly title: string;
  readonly section: string;
  readonly status: LiveStatus;
  readonly durationMs: number | null;
  readonly note: string | null;
}

export interface LiveSenderOptions {
  /** Server base URL, e.g. http://192.168.1.20:4310. */
  readonly url: string;
  /** A tester token (its name is what the boards show). */
  readonly token: string;
  /** The run to record into; or `runName` to create one on the first result. */
  readonly runId: string | null;
  readonly runName: string | null;
  /** Longest a result waits before it is sent (ms). */
  readonly flushMs?: number;
  /** Results per request. */
  readonly maxBatch?: number;
  /** Attempts per batch before it is given up. */
  readonly attempts?: number;
  /** Results kept while the server is away; older ones are dropped past this. */
  readonly maxQueued?: number;
  readonly fetch?: typeof fetch;
  readonly warn?: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LiveSender {
  readonly add: (result: LiveResult) => void;
  /** Sends what is queued; resolves when done or given up. Never rejects. */
  readonly flush: () => Promise<void>;
  /** Flushes and stops the timer. Never rejects. */
  readonly close: () => Promise<void>;
  /** Results the server acknowledged. */
  readonly sent: () => number;
}

/** Reads the reporter's settings from the environment (MEDI_TEST_URL, _TOKEN, _RUN, _RUN_NAME). */
export const liveSettingsFromEnv = (
  env: Readonly<Record<string, string | undefined>>,
  overrides: Partial<Pick<LiveSenderOptions, "url" | "token" | "runId" | "runName">> = {},
): Pick<LiveSenderOptions, "url" | "token" | "runId" | "runName"> | string => {
  const pick = (value: string | null | undefined, name: string): string | null => {
    const chosen = value ?? env[name];
    return chosen === undefined || chosen.trim() === "" ? null : chosen.trim();
  };
  const url = pick(overrides.url, "MEDI_TEST_URL");
  const token = pick(overrides.token, "MEDI_TEST_TOKEN");
  const runId = pick(overrides.runId, "MEDI_TEST_RUN");
  const runName = pick(overrides.runName, "MEDI_TEST_RUN_NAME");
  if (url === null) return "no server URL (set MEDI_TEST_URL)";
  if (!/^https?:\/\/[^\s/]+/.test(url)) return `the server URL "${url}" is not an http(s) URL`;
  if (token === null) return "no token (set MEDI_TEST_TOKEN to a tester token)";
  if (runId === null && runName === null) return "no run (set MEDI_TEST_RUN to a run id, or MEDI_TEST_RUN_NAME)";
  return { url: url.replace(/\/+$/, ""), token, runId, runName };
};

const errorText = async (response: Response): Promise<string> => {
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null && "message" in body && typeof body.message === "string")
      return body.message;
  } catch {
    // not JSON
  }
  return response.statusText;
};

export const createLiveSender = (options: LiveSenderOptions): LiveSender => {
  const flushMs = options.flushMs ?? 500;
  const maxBatch = options.maxBatch ?? 200;
  const attempts = options.attempts ?? 4;
  const maxQueued = options.maxQueued ?? 20_000;
  const doFetch = options.fetch ?? fetch;
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const queue: LiveResult[] = [];
  let runId = options.runId;
  let acknowledged = 0;
  let sending: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warnedAway = false;
  let dropped = 0;
  let closed = false;

  const headers = {
    authorization: `Bearer ${options.token}`,
    "content-type": "application/json",
  };

  /** One request with retries; "retry" results are those the server never answered. */
  const post = async (path: string, body: unknown): Promise<Response | "away"> => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await doFetch(`${options.url}${path}`, {
          method: "POST",
          headers,
          body: JSON.stringify(body),
        });
        if (response.status < 500 && response.status !== 429) return response;
      } catch {
        // unreachable: retried below
      }
      if (attempt < attempts) await sleep(250 * 2 ** (attempt - 1));
    }
    return "away";
  };

  const ensureRun = async (): Promise<string | null> => {
    if (runId !== null) return runId;
    const answer = await post("/api/test-runs", { name: options.runName ?? "Test run" });
    if (answer === "away") return null;
    if (answer.status !== 201) {
      warn(`medi-test: could not create the run: ${answer.status} ${await errorText(answer)}`);
      return null;
    }
    const created: unknown = await answer.json();
    if (typeof created === "object" && created !== null && "id" in created && typeof created.id === "string") {
      runId = created.id;
      return runId;
    }
    return null;
  };

  const sendQueued = async (): Promise<void> => {
    while (queue.length > 0) {
      const run = await ensureRun();
      if (run === null) {
        if (!warnedAway) {
          warnedAway = true;
          warn(`medi-test: the server at ${options.url} is not answering; results wait and are sent when it is back`);
        }
        return;
      }
      const batch = queue.slice(0, maxBatch);
      const answer = await post(`/api/test-runs/${encodeURIComponent(run)}/results`, {
        addMissing: true,
        results: batch.map((result) => ({
          key: result.key,
          title: result.title,
          section: result.section,
          status: result.status,
          durationMs: result.durationMs,
          note: result.note,
        })),
      });
      if (answer === "away") {
        if (!warnedAway) {
          warnedAway = true;
          warn(`medi-test: the server at ${options.url} is not answering; results wait and are sent when it is back`);
        }
        return;
      }
      queue.splice(0, batch.length);
      if (answer.status === 200) {
        acknowledged += batch.length;
        warnedAway = false;
      } else {
        // The server refused these results (a bad token, a run that is gone): retrying cannot help.
        warn(`medi-test: ${batch.length} results not recorded: ${answer.status} ${await errorText(answer)}`);
      }
    }
  };

  const flush = (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (sending === null) {
      sending = sendQueued()
        .catch(() => undefined)
        .finally(() => {
          sending = null;
        });
    }
    return sending;
  };

  return {
    add: (result) => {
      if (closed) return;
      queue.push(result);
      if (queue.length > maxQueued) {
        dropped += queue.length - maxQueued;
        queue.splice(0, queue.length - maxQueued);
      }
      if (queue.length >= maxBatch) void flush();
      else if (timer === null) timer = setTimeout(() => void flush(), flushMs);
    },
    flush: async () => {
      await flush();
    },
    close: async () => {
      closed = true;
      // A batch in flight first, then whatever came in meanwhile.
      await flush();
      await flush();
      if (dropped > 0) warn(`medi-test: ${dropped} results were dropped while the server was away`);
      if (queue.length > 0) warn(`medi-test: ${queue.length} results could not be sent to ${options.url}`);
    },
    sent: () => acknowledged,
  };
};

export interface ReporterOptions {
  readonly url?: string;
  readonly token?: string;
  readonly run?: string;
  readonly runName?: string;
  /** Longest a result waits before it is sent, ms (default 500). */
  readonly flushMs?: number;
}

/**
 * The sender a reporter uses: its options over the environment; null — with one line on stderr
 * saying why — when the settings are missing, so the test run goes on without it.
 */
export const reporterSender = (
  options: ReporterOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): LiveSender | null => {
  const settings = liveSettingsFromEnv(env, {
    ...(options.url === undefined ? {} : { url: options.url }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.run === undefined ? {} : { runId: options.run }),
    ...(options.runName === undefined ? {} : { runName: options.runName }),
  });
  if (typeof settings === "string") {
    process.stderr.write(`medi-test reporter: off — ${settings}\n`);
    return null;
  }
  return createLiveSender({ ...settings, ...(options.flushMs === undefined ? {} : { flushMs: options.flushMs }) });
};
