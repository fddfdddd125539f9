import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { pinnedCommand } from "./bench-env.ts";
import { makeHttpJson } from "./http-json.ts";
import { makeLatencyHistogram } from "./latency-histogram.ts";
import { startMediTarget } from "./medi-target.ts";
import { closeClients, openClients } from "./open-clients.ts";
import type { RawCommitResult } from "./raw-commit.ts";
import { fmt, markdownTable, ratio } from "./report.ts";
import { log, medianOf, type Scenario, runScenarioCli } from "./scenario.ts";

type Sync = "FULL" | "NORMAL";

export interface WriteResult {
  readonly synchronous: Sync;
  readonly clients: number;
  readonly subscribersPerRun: number;
  readonly acksPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMicrosPerWrite: number;
  readonly lost: number;
  readonly duplicates: number;
}

const runs = 32;
const defaultSubscribersPerRun = 10;
const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

/** Raw commits in a child process pinned to the server's core. */
const rawCommits = (synchronous: Sync, durationMs: number): RawCommitResult => {
  const [command, args] = pinnedCommand(process.execPath, [
    resolve("tests/bench/raw-commit.ts"),
    synchronous,
    String(durationMs),
  ]);
  return JSON.parse(execFileSync(command, args, { encoding: "utf8" })) as RawCommitResult;
};

/**
 * C clients, each recording results as fast as they are acknowledged (closed loop), on 32 runs
 * that each have 10 subscribers, through the full stack.
 */
export const measureWrites = async (
  synchronous: Sync,
  clients: number,
  durationMs: number,
  entry?: string,
  subscribersPerRun = defaultSubscribersPerRun,
): Promise<WriteResult> => {
  const target = await startMediTarget(
    { runs, itemsPerRun: 20 },
    { flags: ["--synchronous", synchronous], ...(entry === undefined ? {} : { entry }) },
  );
  const latency = makeLatencyHistogram(60_000, 0.05);
  const subscribers = await openClients(runs * subscribersPerRun, runs, target.streamUrl, {
    seqSource: "id",
    latency: makeLatencyHistogram(),
  });
  const http = makeHttpJson(target.server.url, { authorization: `Bearer ${target.server.adminToken}` }, clients);
  const acks = new Array<number>(runs).fill(0);
  try {
    const items = await Promise.all(
      target.runIds.map(async (id) =>
        (await http.json<{ items: Array<{ id: string }> }>("GET", `/api/test-runs/${id}`)).items.map((i) => i.id),
      ),
    );
    // Warm-up: JIT and caches, not measured.
    for (let i = 0; i < 200; i++)
      await http.send("PUT", `/api/test-runs/${target.runIds[i % runs]}/items/${items[i % runs]?.[0]}`, {
        status: "passed",
      });
    const warmAcks = 200;
    const cpuBefore = target.cpuSeconds();
    const started = performance.now();
    const deadline = started + durationMs;
    let total = 0;
    const client = async (c: number) => {
      let n = 0;
      while (performance.now() < deadline) {
        const run = (c + n * clients) % runs;
        const item = items[run]?.[n % 20];
        const sent = performance.now();
        const answer = await http.send("PUT", `/api/test-runs/${target.runIds[run]}/items/${item}`, {
          status: statuses[n % statuses.length],
        });
        if (answer.status === 200) {
          latency.record(performance.now() - sent);
          acks[run] = (acks[run] ?? 0) + 1;
          total += 1;
        }
        n += 1;
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const seconds = (performance.now() - started) / 1_000;
    const cpu = target.cpuSeconds() - cpuBefore;
    const expected = (run: number) =>
      (acks[run] ?? 0) + (run < warmAcks ? Math.floor(warmAcks / runs) + (run < warmAcks % runs ? 1 : 0) : 0);
    const drainUntil = performance.now() + 30_000;
    const missing = () => subscribers.reduce((s, c) => s + Math.max(0, expected(c.run) - c.client.stats.received), 0);
    while (missing() > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    return {
      synchronous,
      clients,
      subscribersPerRun,
      acksPerSecond: total / seconds,
      p50: latency.quantile(0.5),
      p99: latency.quantile(0.99),
      cpuMicrosPerWrite: (cpu * 1e6) / total,
      lost: missing(),
      duplicates: subscribers.reduce((s, c) => s + c.client.stats.duplicates + c.client.stats.outOfOrder, 0),
    };
  } finally {
    closeClients(subscribers);
    http.close();
    await target.stop();
  }
};

/** Scenario 5: acknowledged writes/s through the full stack, against raw better-sqlite3 commits. */
export const writePathScenario: Scenario = {
  name: "write-path",
  title: "Write path: acknowledged item updates through the full stack",
  run: async ({ quick, repeats }) => {
    const durationMs = quick ? 4_000 : 10_000;
    // The last row is the write alone: one client and no stream to fan out to, so its CPU is
    // what an acknowledged write costs (each subscriber adds a socket write per event).
    const configs: Array<{ synchronous: Sync; clients: number; subscribers: number }> = [
      { synchronous: "FULL", clients: 1, subscribers: defaultSubscribersPerRun },
      { synchronous: "FULL", clients: 32, subscribers: defaultSubscribersPerRun },
      { synchronous: "NORMAL", clients: 1, subscribers: defaultSubscribersPerRun },
      { synchronous: "NORMAL", clients: 32, subscribers: defaultSubscribersPerRun },
      { synchronous: "FULL", clients: 1, subscribers: 0 },
    ];
    const raws: Record<Sync, RawCommitResult[]> = { FULL: [], NORMAL: [] };
    const results = new Map<string, WriteResult[]>();
    for (let attempt = 0; attempt < repeats; attempt++) {
      log(`write-path run ${attempt + 1}/${repeats}: raw commits`);
      raws.FULL.push(rawCommits("FULL", 3_000));
      raws.NORMAL.push(rawCommits("NORMAL", 3_000));
      for (const config of configs) {
        log(`write-path ${config.synchronous} × ${config.clients} clients, ${config.subscribers} subscribers per run`);
        const key = `${config.synchronous}/${config.clients}/${config.subscribers}`;
        results.set(key, [
          ...(results.get(key) ?? []),
          await measureWrites(config.synchronous, config.clients, durationMs, undefined, config.subscribers),
        ]);
      }
    }
    const raw = (s: Sync) => medianOf(raws[s], (r) => r.commitsPerSecond);
    const rows = configs.map((config) => {
      const rs = results.get(`${config.synchronous}/${config.clients}/${config.subscribers}`) ?? [];
      const acks = medianOf(rs, (r) => r.acksPerSecond);
      return [
        config.synchronous,
        fmt(config.clients),
        fmt(config.subscribers * runs),
        fmt(acks),
        `${fmt(
          medianOf(rs, (r) => r.p50),
          2,
        )} / ${fmt(
          medianOf(rs, (r) => r.p99),
          2,
        )}`,
        fmt(medianOf(rs, (r) => r.cpuMicrosPerWrite)),
        `${rs.reduce((s, r) => s + r.lost, 0)} / ${rs.reduce((s, r) => s + r.duplicates, 0)}`,
        fmt(raw(config.synchronous)),
        ratio(acks, raw(config.synchronous)),
      ];
    });
    return [
      `C clients (keep-alive HTTP/1.1) each send \`PUT /api/test-runs/:id/items/:itemId\` with a new status as soon as the previous one is answered, for ${durationMs / 1_000} s, over ${runs} runs that each have ${defaultSubscribersPerRun} SSE subscribers (${runs * defaultSubscribersPerRun} streams; every event reaches its ${defaultSubscribersPerRun}; loss and duplicates are counted at them), and once with no subscriber at all (the write alone). Full stack: bearer-token auth, schema decode, one SQLite transaction with the item, run counts and event row, fan-out. Latency: request sent to 200 received, ms. Raw: better-sqlite3 single-row IMMEDIATE commits in a loop, WAL, same temp folder on the same disk, own process on the server's core (tests/bench/raw-commit.ts), measured in the same run (raw CPU per commit: FULL ${fmt(medianOf(raws.FULL, (r) => r.cpuMicrosPerCommit))} µs, NORMAL ${fmt(medianOf(raws.NORMAL, (r) => r.cpuMicrosPerCommit))} µs).`,
      "",
      markdownTable(
        [
          "synchronous",
          "clients",
          "streams",
          "acknowledged updates/s",
          "latency ms p50 / p99",
          "server CPU µs per update",
          "lost / duplicated at subscribers",
          "raw single-row commits/s",
          "full stack / raw",
        ],
        rows,
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([writePathScenario]);
