import { type BenchServer, type BenchServerOptions, startBenchServer } from "./bench-server.ts";
import type { FanoutTarget } from "./fanout-target.ts";
import { forEachLimited, makeHttpJson } from "./http-json.ts";

export interface LabShape {
  readonly runs: number;
  readonly itemsPerRun: number;
}

interface RunInfo {
  readonly id: string;
  readonly items: ReadonlyArray<{ readonly id: string }>;
}

const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

/**
 * The lab server as a fan-out target: R running runs of N items; event n records a result on
 * run n % R through the full HTTP write path (auth, schema decode, SQLite commit with its event
 * row, fan-out).
 */
export const startMediTarget = async (
  shape: LabShape,
  options: BenchServerOptions = {},
  name = "medi-test",
): Promise<FanoutTarget & { readonly server: BenchServer; readonly runIds: ReadonlyArray<string> }> => {
  const server = await startBenchServer(options);
  const http = makeHttpJson(server.url, { authorization: `Bearer ${server.adminToken}` }, 64);
  const runs: RunInfo[] = new Array<RunInfo>(shape.runs);
  try {
    await forEachLimited(
      Array.from({ length: shape.runs }, (_, r) => r),
      8,
      async (r) => {
        const items = Array.from({ length: shape.itemsPerRun }, (_, i) => ({ title: `Case ${i}`, section: "Bench" }));
        const run = await http.json<RunInfo>("POST", "/api/test-runs", { name: `Bench ${r}`, items });
        await http.json("PUT", `/api/test-runs/${run.id}/status`, { status: "running" });
        runs[r] = run;
      },
    );
  } catch (error) {
    http.close();
    await server.stop();
    throw error;
  }
  return {
    name,
    server,
    runIds: runs.map((r) => r.id),
    seqSource: "id",
    runs: shape.runs,
    streamUrl: (run) => `${server.url}/api/test-runs/${runs[run]?.id ?? ""}/stream`,
    publish: async (n) => {
      const run = runs[n % shape.runs];
      const item = run?.items[Math.floor(n / shape.runs) % shape.itemsPerRun];
      if (run === undefined || item === undefined) return false;
      const answer = await http.send("PUT", `/api/test-runs/${run.id}/items/${item.id}`, {
        status: statuses[n % statuses.length],
      });
      return answer.status === 200;
    },
    pid: () => server.pid,
    cpuSeconds: server.cpuSeconds,
    rssBytes: server.rssBytes,
    pssBytes: server.pssBytes,
    stop: async () => {
      http.close();
      await server.stop();
    },
  };
};
