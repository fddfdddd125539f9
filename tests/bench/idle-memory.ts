import { readFileSync } from "node:fs";
import type { FanoutTarget } from "./fanout-target.ts";
import { makeLatencyHistogram } from "./latency-histogram.ts";
import { startMediTarget } from "./medi-target.ts";
import { nchanAvailable, startNchanTarget } from "./nchan-target.ts";
import { closeClients, openClients } from "./open-clients.ts";
import { childPidsOf, pssBytesOf, rssBytesOf, tcpSocketBytes } from "./process-stats.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";

export interface IdleResult {
  readonly connections: number;
  readonly rssPerConnection: number;
  readonly pssPerConnection: number;
  readonly socketPerConnection: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
}

/** Every process of the server: nginx's master and worker, or medi-test's one process. */
const processesOf = (target: FanoutTarget): number[] => {
  const pid = target.pid();
  const parent = Number(/^PPid:\s+(\d+)/m.exec(readStatus(pid))?.[1] ?? 0);
  return target.name === "nchan" && childPidsOf(parent).includes(pid) ? [parent, pid] : [pid];
};

const readStatus = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return "";
  }
};

const sum = (pids: ReadonlyArray<number>, read: (pid: number) => number): number =>
  pids.reduce((s, pid) => s + read(pid), 0);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * N idle SSE connections (no events published; only the snapshot, then 15 s heartbeats):
 * the server's RSS and PSS grow, and the kernel's TCP socket memory, divided by N.
 */
export const measureIdle = async (target: FanoutTarget, connections: number): Promise<IdleResult> => {
  const pids = processesOf(target);
  await settle(2_000);
  const before = { rss: sum(pids, rssBytesOf), pss: sum(pids, pssBytesOf), sockets: tcpSocketBytes() };
  const clients = await openClients(connections, target.runs, target.streamUrl, {
    seqSource: target.seqSource,
    latency: makeLatencyHistogram(),
  });
  try {
    await settle(10_000);
    const after = { rss: sum(pids, rssBytesOf), pss: sum(pids, pssBytesOf), sockets: tcpSocketBytes() };
    return {
      connections,
      rssPerConnection: (after.rss - before.rss) / connections,
      pssPerConnection: (after.pss - before.pss) / connections,
      socketPerConnection: (after.sockets - before.sockets) / connections,
      rssBeforeMiB: before.rss / 1024 / 1024,
      rssAfterMiB: after.rss / 1024 / 1024,
    };
  } finally {
    closeClients(clients);
  }
};

/** Scenario 4: memory per idle SSE connection at 10k connections, medi-test against nchan. */
export const idleMemoryScenario: Scenario = {
  name: "idle-memory",
  title: "Memory per idle SSE connection",
  run: async ({ quick, repeats }) => {
    const connections = quick ? 2_000 : 10_000;
    const runs = connections / 10;
    const targets: Array<{ name: string; start: () => Promise<FanoutTarget> }> = [
      { name: "medi-test", start: () => startMediTarget({ runs, itemsPerRun: 10 }) },
    ];
    if (nchanAvailable()) targets.push({ name: "nchan", start: () => startNchanTarget(runs, 10) });
    const rows: string[][] = [];
    for (const t of targets) {
      const results = await repeat(repeats, async (attempt) => {
        log(`idle-memory ${t.name} run ${attempt + 1}/${repeats}`);
        const target = await t.start();
        try {
          return await measureIdle(target, connections);
        } finally {
          await target.stop();
        }
      });
      const m = (pick: (r: IdleResult) => number) => medianOf(results, pick);
      rows.push([
        t.name,
        fmt(connections),
        `${fmt(m((r) => r.rssBeforeMiB))} → ${fmt(m((r) => r.rssAfterMiB))}`,
        fmt(m((r) => r.rssPerConnection) / 1024, 1),
        fmt(m((r) => r.pssPerConnection) / 1024, 1),
        fmt(m((r) => r.socketPerConnection) / 1024, 2),
      ]);
    }
    return [
      `${fmt(connections)} SSE connections over ${fmt(runs)} runs (10 per run), opened, then left idle for 10 s (no events; each got its start: a snapshot for medi-test, nothing for nchan). Deltas against the same server just before the connections opened: RSS and PSS from /proc/<pid>/status and /proc/<pid>/smaps_rollup (nginx: master + worker), kernel TCP buffer memory from /proc/net/sockstat (machine-wide, both ends of each loopback connection).`,
      "",
      markdownTable(
        [
          "server",
          "connections",
          "server RSS MiB before → after",
          "RSS KiB per connection",
          "PSS KiB per connection",
          "TCP buffer KiB per connection",
        ],
        rows,
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([idleMemoryScenario]);
