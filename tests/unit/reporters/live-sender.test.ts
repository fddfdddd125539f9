import { describe, expect, it } from "vitest";
import { createLiveSender, type LiveResult, liveSettingsFromEnv } from "../../../reporters/live-sender.ts";

const result = (n: number, status: LiveResult["status"] = "passed"): LiveResult => ({
  key: `suite::case ${n}`,
  title: `case ${n}`,
  section: "suite",
  status,
  durationMs: 5,
  note: null,
});

interface Call {
  readonly url: string;
  readonly body: { readonly results?: ReadonlyArray<LiveResult>; readonly name?: string };
}

/** A server stand-in: answers each call with the next status, records what was sent. */
const fakeServer = (statuses: ReadonlyArray<number | "down">) => {
  const calls: Call[] = [];
  let index = 0;
  const fetchFake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const status = statuses[Math.min(index, statuses.length - 1)] ?? 200;
    index += 1;
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) as Call["body"] });
    if (status === "down") throw new TypeError("fetch failed");
    const body = status === 201 ? { id: "RUN1" } : { message: status === 200 ? "ok" : "refused" };
    return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  };
  return { calls, fetch: fetchFake as typeof fetch };
};

const options = (server: ReturnType<typeof fakeServer>, warnings: string[]) => ({
  url: "http://lab:4310",
  token: "t",
  runId: "RUN1",
  runName: null,
  flushMs: 10_000,
  maxBatch: 3,
  attempts: 2,
  fetch: server.fetch,
  warn: (line: string) => warnings.push(line),
  sleep: async () => undefined,
});

describe("liveSettingsFromEnv", () => {
  it("reads URL, token and run from the environment; options win", () => {
    const env = { MEDI_TEST_URL: "http://lab:4310/", MEDI_TEST_TOKEN: "abc", MEDI_TEST_RUN: "R1" };
    expect(liveSettingsFromEnv(env)).toEqual({ url: "http://lab:4310", token: "abc", runId: "R1", runName: null });
    expect(liveSettingsFromEnv(env, { runId: "R2" })).toMatchObject({ runId: "R2" });
  });

  it("says in one line what is missing or wrong", () => {
    expect(liveSettingsFromEnv({})).toBe("no server URL (set MEDI_TEST_URL)");
    expect(liveSettingsFromEnv({ MEDI_TEST_URL: "lab:4310" })).toMatch(/not an http\(s\) URL/);
    expect(liveSettingsFromEnv({ MEDI_TEST_URL: "http://lab" })).toMatch(/no token/);
    expect(liveSettingsFromEnv({ MEDI_TEST_URL: "http://lab", MEDI_TEST_TOKEN: "t" })).toMatch(/no run/);
  });
});

describe("createLiveSender", () => {
  it("posts in batches with addMissing, and counts what the server took", async () => {
    const server = fakeServer([200]);
    const sender = createLiveSender(options(server, []));
    for (let n = 1; n <= 7; n++) sender.add(result(n));
    await sender.close();
    expect(server.calls.map((call) => call.body.results?.length)).toEqual([3, 3, 1]);
    expect(server.calls[0]?.url).toBe("http://lab:4310/api/test-runs/RUN1/results");
    expect(sender.sent()).toBe(7);
  });

  it("retries a server that is away, keeps the results, and sends them when it is back", async () => {
    const server = fakeServer(["down", "down", 200]);
    const warnings: string[] = [];
    const sender = createLiveSender(options(server, warnings));
    sender.add(result(1));
    await sender.flush();
    expect(sender.sent()).toBe(0);
    expect(warnings).toEqual([
      "medi-test: the server at http://lab:4310 is not answering; results wait and are sent when it is back",
    ]);
    sender.add(result(2));
    await sender.close();
    expect(sender.sent()).toBe(2);
  });

  it("drops a batch the server refuses (retrying cannot help) and says so", async () => {
    const server = fakeServer([403, 200]);
    const warnings: string[] = [];
    const sender = createLiveSender(options(server, warnings));
    sender.add(result(1, "failed"));
    await sender.flush();
    sender.add(result(2));
    await sender.close();
    expect(warnings).toEqual(["medi-test: 1 results not recorded: 403 refused"]);
    expect(sender.sent()).toBe(1);
  });

  it("creates the run on the first result when given a name", async () => {
    const server = fakeServer([201, 200]);
    const sender = createLiveSender({ ...options(server, []), runId: null, runName: "Nightly" });
    sender.add(result(1));
    await sender.close();
    expect(server.calls.map((call) => call.url)).toEqual([
      "http://lab:4310/api/test-runs",
      "http://lab:4310/api/test-runs/RUN1/results",
    ]);
    expect(server.calls[0]?.body.name).toBe("Nightly");
  });

  it("never throws, whatever the server does", async () => {
    const sender = createLiveSender({
      ...options(fakeServer([200]), []),
      fetch: (async () => {
        throw new Error("boom");
      }) as typeof fetch,
    });
    sender.add(result(1));
    await expect(sender.close()).resolves.toBeUndefined();
  });
});
