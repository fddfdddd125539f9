import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../../server/config.ts";
import { type LabServer, startLabServer } from "../../../server/start-server.ts";
import {
  healthProbe,
  makeServerSupervisor,
  type ServerSupervisor,
  type SupervisorState,
} from "../../../main/core/server-lifecycle.ts";
import { makeTempDir, removeDir } from "../../support/lab-server.ts";

const fastBackoff = { initialMs: 50, maxMs: 400, factor: 2, jitter: 0, resetAfterMs: 60_000 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const supervised = (port: number, extra: Partial<Parameters<typeof makeServerSupervisor<LabServer>>[0]> = {}) => {
  const dataDir = makeTempDir("medi-test-lifecycle-");
  const states: SupervisorState[] = [];
  const config = { ...defaultConfig, host: "127.0.0.1", port, dataDir, logLevel: "silent" as const };
  const supervisor: ServerSupervisor<LabServer> = makeServerSupervisor<LabServer>({
    start: () => startLabServer(config),
    backoff: fastBackoff,
    onState: (state) => states.push(state),
    ...extra,
  });
  cleanups.push(() => removeDir(dataDir));
  cleanups.push(() => supervisor.stop());
  return { supervisor, states };
};

const until = async (condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const freePort = async (): Promise<number> => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
};

const occupy = async (port: number): Promise<Server> => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
  return blocker;
};

describe("embedded server lifecycle (real server, ephemeral port)", () => {
  it("starts, answers, stops and frees its port", async () => {
    const port = await freePort();
    const { supervisor, states } = supervised(port);
    const outcome = await supervisor.start();
    expect(outcome.ok).toBe(true);
    const server = supervisor.current();
    expect(server?.localUrl).toBe(`http://127.0.0.1:${port}`);
    expect(await healthProbe(server ?? { localUrl: "", close: async () => {} }, 2_000)).toBe(true);
    await supervisor.stop();
    expect(supervisor.current()).toBeUndefined();
    expect(states.map((s) => s.status)).toEqual(["starting", "running", "stopped"]);
    // The port is free again: something else can listen on it.
    const next = await occupy(port);
    await new Promise<void>((resolve) => next.close(() => resolve()));
  });

  it("restarts on the same port with the same data", async () => {
    const port = await freePort();
    const { supervisor } = supervised(port);
    const first = await supervisor.start();
    if (!first.ok) throw new Error(first.error);
    const created = await fetch(`${first.server.localUrl}/api/test-runs`, {
      method: "POST",
      headers: { authorization: `Bearer ${first.server.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Survives a restart" }),
    });
    expect(created.status).toBe(201);
    const second = await supervisor.restart("test");
    if (!second.ok) throw new Error(second.error);
    expect(second.server).not.toBe(first.server);
    expect(second.server.localUrl).toBe(first.server.localUrl);
    const list = (await (await fetch(`${second.server.localUrl}/api/test-runs`)).json()) as {
      runs: Array<{ name: string }>;
    };
    expect(list.runs.map((r) => r.name)).toEqual(["Survives a restart"]);
  });

  it("a start that fails (port taken) is retried with backoff until it succeeds", async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    const { supervisor, states } = supervised(port);
    const outcome = await supervisor.start();
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/already in use/) });
    await until(() => states.filter((s) => s.status === "waiting").length >= 3, "three failed attempts");
    const waits = states.flatMap((s) => (s.status === "waiting" ? [s] : []));
    // The delays grow: 50, 100, 200 ms.
    expect((waits[1]?.retryAt ?? 0) - (waits[0]?.retryAt ?? 0)).toBeGreaterThanOrEqual(50);
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await until(() => supervisor.state().status === "running", "the server to start once the port is free");
    expect(await healthProbe(supervisor.current() ?? { localUrl: "", close: async () => {} }, 2_000)).toBe(true);
  });

  it("a server that stops answering is restarted", async () => {
    const port = await freePort();
    const { supervisor, states } = supervised(port, {
      healthIntervalMs: 50,
      healthTimeoutMs: 2_000, // a dead listener refuses at once; a slow one is not a dead one
      failuresBeforeRestart: 2,
    });
    const first = await supervisor.start();
    if (!first.ok) throw new Error(first.error);
    // Its listener dies behind the supervisor's back.
    first.server.app.server.closeAllConnections();
    await new Promise<void>((resolve) => first.server.app.server.close(() => resolve()));
    await until(() => supervisor.current() !== undefined && supervisor.current() !== first.server, "a new server");
    expect(states.some((s) => s.status === "waiting" && s.error.includes("stopped answering"))).toBe(true);
    expect(await healthProbe(supervisor.current() ?? { localUrl: "", close: async () => {} }, 2_000)).toBe(true);
  });

  it("stop during a retry wait ends the retries", async () => {
    const port = await freePort();
    const blocker = await occupy(port);
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const { supervisor, states } = supervised(port);
    await supervisor.start();
    await supervisor.stop();
    const count = states.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(states.length).toBe(count);
    expect(supervisor.state().status).toBe("stopped");
  });
});
