import { makeHttpJson } from "./http-json.ts";
import { startMediTarget } from "./medi-target.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";

interface Probe {
  readonly label: string;
  readonly cpuMicros: number;
  readonly wallMicros: number;
}

/**
 * Where a write's CPU goes: one client, one request at a time, no subscribers, server CPU per
 * request for routes that do successively more of the work a result recording does.
 */
const once = async (requests: number): Promise<Probe[]> => {
  const target = await startMediTarget({ runs: 4, itemsPerRun: 10 });
  const admin = makeHttpJson(target.server.url, { authorization: `Bearer ${target.server.adminToken}` }, 1);
  const anonymous = makeHttpJson(target.server.url, {}, 1);
  try {
    const run = await admin.json<{ id: string; items: Array<{ id: string }> }>(
      "GET",
      `/api/test-runs/${target.runIds[0]}`,
    );
    const probes: Probe[] = [];
    const measure = async (label: string, send: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 300; i++) await send(i);
      const cpu = target.cpuSeconds();
      const started = performance.now();
      for (let i = 0; i < requests; i++) await send(i);
      probes.push({
        label,
        cpuMicros: ((target.cpuSeconds() - cpu) * 1e6) / requests,
        wallMicros: ((performance.now() - started) * 1_000) / requests,
      });
    };
    await measure("`GET /api/nothing` (404: Node HTTP + Fastify routing only)", () =>
      anonymous.send("GET", "/api/nothing"),
    );
    await measure("`GET /api/health`, no token (one use case)", () => anonymous.send("GET", "/api/health"));
    await measure("`GET /api/health`, bearer token (+ token lookup)", () => admin.send("GET", "/api/health"));
    await measure("`PUT …/items/:itemId` (+ decode, commit with fsync, publish)", (i) =>
      admin.send("PUT", `/api/test-runs/${run.id}/items/${run.items[i % run.items.length]?.id ?? ""}`, {
        status: i % 2 === 0 ? "passed" : "failed",
      }),
    );
    return probes;
  } finally {
    admin.close();
    anonymous.close();
    await target.stop();
  }
};

/** Not one of the scenarios: the breakdown that explains the write-path figures. */
export const requestCostScenario: Scenario = {
  name: "request-cost",
  title: "Server CPU per request, one request at a time",
  run: async ({ quick, repeats }) => {
    const requests = quick ? 500 : 2_000;
    const runs = await repeat(repeats, async (attempt) => {
      log(`request-cost run ${attempt + 1}/${repeats}`);
      return once(requests);
    });
    const rows = (runs[0] ?? []).map((probe, i) => [
      probe.label,
      fmt(medianOf(runs, (r) => r[i]?.cpuMicros ?? Number.NaN)),
      fmt(medianOf(runs, (r) => r[i]?.wallMicros ?? Number.NaN)),
    ]);
    return [
      `One keep-alive client sends ${fmt(requests)} requests one after another (after 300 unmeasured), no SSE subscribers, synchronous=FULL; server CPU (user + system, all threads) per request. Each row adds work to the one above; the last one is the write path of the fan-out scenarios.`,
      "",
      markdownTable(["request", "server CPU µs per request", "wall µs per request"], rows),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([requestCostScenario]);
