import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { type PrivateRedis, startPrivateRedis } from "../support/private-redis.ts";
import { type BenchServer, startBenchServer } from "./bench-server.ts";
import { type FanoutResult, runFanout } from "./fanout-bench.ts";
import type { FanoutTarget } from "./fanout-target.ts";
import { forEachLimited, type HttpJson, makeHttpJson } from "./http-json.ts";
import { makeLatencyHistogram } from "./latency-histogram.ts";
import { type ClientOnRun, closeClients, openClients } from "./open-clients.ts";
import { runPaced } from "./paced-publisher.ts";
import { cpuSecondsOf } from "./process-stats.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf, type Scenario, runScenarioCli } from "./scenario.ts";

/**
 * The same loads on the three deployments: one process on its SQLite file (synchronous FULL), one
 * instance on PostgreSQL with Redis, and two instances on one PostgreSQL database with Redis
 * between them. Configurations are interleaved within each repeat, so they meet the same state
 * of this shared machine.
 */
type Deployment = "sqlite" | "pg1" | "pg2";

const deployments: ReadonlyArray<Deployment> = ["sqlite", "pg1", "pg2"];

const label: Record<Deployment, string> = {
  sqlite: "SQLite, 1 process (FULL)",
  pg1: "PostgreSQL + Redis, 1 instance",
  pg2: "PostgreSQL + Redis, 2 instances",
};

const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

// ---------------------------------------------------------------------------------------------
// CPU of PostgreSQL and Redis, from /proc.

const readText = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** `postgres: [15/main: ]user database address(port) state`: a backend and its database. */
const backendPattern = /^postgres: (?:[^:\s]+: )?\S+ (\S+) (?:\S+\(\d+\)|\[local\])/;

/**
 * CPU seconds so far of every PostgreSQL process that works for `database`: the postmaster, its
 * auxiliary processes (WAL writer, checkpointer, background writer, autovacuum) and the backends
 * connected to that database (backends of other databases on this shared server are left out).
 * A backend that ended between two readings takes its CPU with it (the pools keep theirs open).
 */
const postgresCpuSeconds = (database: string): number => {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (readText(`/proc/${entry}/comm`).trim() !== "postgres") continue;
    const command = readText(`/proc/${entry}/cmdline`).replaceAll("\0", " ").trim();
    const backend = backendPattern.exec(command);
    if (backend !== null && backend[1] !== database) continue;
    total += cpuSecondsOf(Number(entry));
  }
  return total;
};

/** The pid of the redis-server listening on `port` (its title names the address). */
const redisPid = (port: string): number => {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (!readText(`/proc/${entry}/comm`).startsWith("redis-server")) continue;
    if (readText(`/proc/${entry}/cmdline`).includes(`:${port}`)) return Number(entry);
  }
  return 0;
};

// ---------------------------------------------------------------------------------------------
// A deployment: its server processes, and runs set up on it.

interface Cluster {
  readonly deployment: Deployment;
  readonly servers: ReadonlyArray<BenchServer>;
  /** One keep-alive client per server. */
  readonly http: ReadonlyArray<HttpJson>;
  readonly runIds: ReadonlyArray<string>;
  readonly items: ReadonlyArray<ReadonlyArray<string>>;
  /** CPU seconds of the medi-test processes, summed. */
  readonly nodeCpu: () => number;
  /** CPU seconds of PostgreSQL (for this database) and the Redis server; 0 on SQLite. */
  readonly backingCpu: () => number;
  readonly streamUrl: (server: number, run: number) => string;
  readonly stop: () => Promise<void>;
}

const startCluster = async (
  deployment: Deployment,
  shape: { readonly runs: number; readonly itemsPerRun: number },
  sockets: number,
): Promise<Cluster> => {
  let database: TestDatabase | undefined;
  let redis: PrivateRedis | undefined;
  const servers: BenchServer[] = [];
  const http: HttpJson[] = [];
  const stop = async () => {
    for (const h of http) h.close();
    for (const s of servers) await s.stop();
    await redis?.stop();
    await database?.drop();
  };
  try {
    if (deployment === "sqlite") servers.push(await startBenchServer({ flags: ["--synchronous", "FULL"] }));
    else {
      database = await createTestDatabase("medi_bench");
      redis = await startPrivateRedis();
      const options = {
        flags: ["--database-url", database.url, "--redis-url", redis.url],
        adminToken: randomBytes(24).toString("base64url"),
      };
      // The first applies the migrations; the second finds them applied.
      servers.push(await startBenchServer(options));
      if (deployment === "pg2") servers.push(await startBenchServer(options));
    }
    for (const s of servers) http.push(makeHttpJson(s.url, { authorization: `Bearer ${s.adminToken}` }, sockets));
    const first = http[0];
    if (first === undefined) throw new Error("no server");
    const runIds = new Array<string>(shape.runs);
    const items = new Array<string[]>(shape.runs);
    await forEachLimited(
      Array.from({ length: shape.runs }, (_, r) => r),
      8,
      async (r) => {
        const body = Array.from({ length: shape.itemsPerRun }, (_, i) => ({ title: `Case ${i}`, section: "Bench" }));
        const run = await first.json<{ id: string; items: Array<{ id: string }> }>("POST", "/api/test-runs", {
          name: `Bench ${r}`,
          items: body,
        });
        await first.json("PUT", `/api/test-runs/${run.id}/status`, { status: "running" });
        runIds[r] = run.id;
        items[r] = run.items.map((i) => i.id);
      },
    );
    const databaseName = database?.name;
    const redisProcess = redis === undefined ? 0 : redisPid(new URL(redis.url).port);
    return {
      deployment,
      servers,
      http,
      runIds,
      items,
      nodeCpu: () => servers.reduce((sum, s) => sum + s.cpuSeconds(), 0),
      backingCpu: () =>
        (databaseName === undefined ? 0 : postgresCpuSeconds(databaseName)) +
        (redisProcess === 0 ? 0 : cpuSecondsOf(redisProcess)),
      streamUrl: (server, run) => `${servers[server]?.url ?? ""}/api/test-runs/${runIds[run] ?? ""}/stream`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** Subscribers of each run alternate between the instances (the k-th of run r on instance k % N). */
const splitStreams = (cluster: Cluster): ((run: number) => string) => {
  const opened = new Map<number, number>();
  return (run) => {
    const k = opened.get(run) ?? 0;
    opened.set(run, k + 1);
    return cluster.streamUrl(k % cluster.servers.length, run);
  };
};

const itemPath = (cluster: Cluster, run: number, item: number): string =>
  `/api/test-runs/${cluster.runIds[run] ?? ""}/items/${cluster.items[run]?.[item] ?? ""}`;

// ---------------------------------------------------------------------------------------------
// 1. Write path.

interface WriteResult {
  readonly acksPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly nodeMicrosPerWrite: number;
  readonly backingMicrosPerWrite: number;
  readonly lost: number;
  readonly duplicates: number;
}

const writeRuns = 32;
const writeSubscribersPerRun = 10;

/**
 * As write-path.ts: C closed-loop clients over 32 runs with 10 subscribers each; on two instances
 * each client alternates between them request by request, and each run's subscribers are split.
 */
const measureWrites = async (deployment: Deployment, clients: number, durationMs: number): Promise<WriteResult> => {
  const cluster = await startCluster(deployment, { runs: writeRuns, itemsPerRun: 20 }, clients);
  let subscribers: ClientOnRun[] = [];
  try {
    subscribers = await openClients(writeRuns * writeSubscribersPerRun, writeRuns, splitStreams(cluster), {
      seqSource: "id",
      latency: makeLatencyHistogram(),
    });
    const acks = new Array<number>(writeRuns).fill(0);
    const send = async (server: number, run: number, item: number, n: number): Promise<boolean> => {
      const http = cluster.http[server % cluster.http.length];
      if (http === undefined) return false;
      const answer = await http.send("PUT", itemPath(cluster, run, item), { status: statuses[n % statuses.length] });
      if (answer.status !== 200) return false;
      acks[run] = (acks[run] ?? 0) + 1;
      return true;
    };
    // Warm-up: JIT, caches and pools, not measured (its events are expected at the subscribers).
    for (let i = 0; i < 200; i++) await send(i, i % writeRuns, 0, 0);
    const latency = makeLatencyHistogram(60_000, 0.05);
    const nodeBefore = cluster.nodeCpu();
    const backingBefore = cluster.backingCpu();
    const started = performance.now();
    const deadline = started + durationMs;
    let total = 0;
    const client = async (c: number) => {
      let n = 0;
      while (performance.now() < deadline) {
        const run = (c + n * clients) % writeRuns;
        const sent = performance.now();
        if (await send(c + n, run, n % 20, n)) {
          latency.record(performance.now() - sent);
          total += 1;
        }
        n += 1;
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, c) => client(c)));
    const seconds = (performance.now() - started) / 1_000;
    const nodeCpu = cluster.nodeCpu() - nodeBefore;
    const backingCpu = cluster.backingCpu() - backingBefore;
    const missing = () =>
      subscribers.reduce((s, c) => s + Math.max(0, (acks[c.run] ?? 0) - c.client.stats.received), 0);
    const drainUntil = performance.now() + 30_000;
    while (missing() > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    return {
      acksPerSecond: total / seconds,
      p50: latency.quantile(0.5),
      p99: latency.quantile(0.99),
      nodeMicrosPerWrite: (nodeCpu * 1e6) / total,
      backingMicrosPerWrite: (backingCpu * 1e6) / total,
      lost: missing(),
      duplicates: subscribers.reduce((s, c) => s + c.client.stats.duplicates + c.client.stats.outOfOrder, 0),
    };
  } finally {
    closeClients(subscribers);
    await cluster.stop();
  }
};

// ---------------------------------------------------------------------------------------------
// 2. Fan-out.

const fanoutSubscribers = 1_000;
const fanoutRuns = 100;
const fanoutItems = 10;
const fanoutRate = 100;

interface FanoutFigures {
  readonly result: FanoutResult;
  readonly backingCpuSeconds: number;
}

/**
 * fanout-bench.ts's load on a deployment: subscribers of each run split over the instances,
 * results written through each instance in turn. runFanout reads `cpuSeconds` exactly at its
 * first publish and after the last delivery; PostgreSQL's and Redis's CPU is read at the same
 * two moments.
 */
const measureFanout = async (deployment: Deployment, durationMs: number): Promise<FanoutFigures> => {
  const cluster = await startCluster(deployment, { runs: fanoutRuns, itemsPerRun: fanoutItems }, 64);
  const backingReadings: number[] = [];
  const count = cluster.servers.length;
  const target: FanoutTarget = {
    name: label[deployment],
    seqSource: "id",
    runs: fanoutRuns,
    streamUrl: splitStreams(cluster),
    publish: async (n) => {
      const run = n % fanoutRuns;
      const round = Math.floor(n / fanoutRuns);
      const http = cluster.http[round % count];
      if (http === undefined) return false;
      const answer = await http.send("PUT", itemPath(cluster, run, round % fanoutItems), {
        status: statuses[n % statuses.length],
      });
      return answer.status === 200;
    },
    pid: () => cluster.servers[0]?.pid ?? 0,
    cpuSeconds: () => {
      backingReadings.push(cluster.backingCpu());
      return cluster.nodeCpu();
    },
    rssBytes: () => cluster.servers.reduce((sum, s) => sum + s.rssBytes(), 0),
    pssBytes: () => cluster.servers.reduce((sum, s) => sum + s.pssBytes(), 0),
    stop: cluster.stop,
  };
  try {
    const result = await runFanout(target, { subscribers: fanoutSubscribers, rate: fanoutRate, durationMs });
    const last = backingReadings.at(-1) ?? 0;
    const first = backingReadings.at(-2) ?? last;
    return { result, backingCpuSeconds: last - first };
  } finally {
    await cluster.stop();
  }
};

// ---------------------------------------------------------------------------------------------
// 3. Cross-instance latency.

interface CrossResult {
  readonly writes: number;
  readonly failed: number;
  readonly maxBacklog: number;
  /** From the event's own timestamp, on B's streams and (for comparison) on A's. */
  readonly stampB: ReadonlyArray<number>;
  readonly stampA: ReadonlyArray<number>;
  /** From the client's send of the write to A, on B's streams and on A's. */
  readonly sendB: ReadonlyArray<number>;
  readonly sendA: ReadonlyArray<number>;
  readonly lost: number;
  readonly duplicates: number;
}

const crossRuns = 10;
const crossStreamsPerRun = 5;
const crossRate = 100;

const quantiles = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
};

/**
 * Two instances; every result is recorded through A at a steady pace (one run after another), and
 * 5 streams per run are held on B (plus 5 on A, to show what the hop adds). Each delivery is one
 * sample: its arrival (Date.now()) minus the event's `timestamp` (taken on A before its commit;
 * same machine clock), and minus the client's send of the write (the k-th event on a run's stream
 * is the k-th write to that run: the writes to one run are 100 ms apart, so they commit in order).
 */
const measureCross = async (writes: number): Promise<CrossResult> => {
  const cluster = await startCluster("pg2", { runs: crossRuns, itemsPerRun: 20 }, 16);
  const onB: ClientOnRun[] = [];
  const onA: ClientOnRun[] = [];
  try {
    const a = cluster.http[0];
    if (a === undefined) throw new Error("no instance A");
    // Warm both instances up (JIT, pools, B's relay) before any stream exists.
    for (let i = 0; i < 200; i++) {
      const http = cluster.http[i % 2] ?? a;
      await http.send("PUT", itemPath(cluster, i % crossRuns, 0), { status: statuses[i % statuses.length] });
    }
    const stampB = makeLatencyHistogram();
    const stampA = makeLatencyHistogram();
    onB.push(
      ...(await openClients(crossRuns * crossStreamsPerRun, crossRuns, (run) => cluster.streamUrl(1, run), {
        seqSource: "id",
        latency: stampB,
        record: true,
      })),
    );
    onA.push(
      ...(await openClients(crossRuns * crossStreamsPerRun, crossRuns, (run) => cluster.streamUrl(0, run), {
        seqSource: "id",
        latency: stampA,
        record: true,
      })),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const sentAt: number[][] = Array.from({ length: crossRuns }, () => []);
    const acks = new Array<number>(crossRuns).fill(0);
    const paced = await runPaced({
      ratePerSecond: crossRate,
      durationMs: (writes * 1_000) / crossRate,
      maxInFlight: 8,
      send: async (n) => {
        const run = n % crossRuns;
        sentAt[run]?.push(performance.timeOrigin + performance.now());
        const answer = await a.send("PUT", itemPath(cluster, run, Math.floor(n / crossRuns) % 20), {
          status: statuses[n % statuses.length],
        });
        if (answer.status === 200) acks[run] = (acks[run] ?? 0) + 1;
        return answer.status === 200;
      },
    });
    const missing = () =>
      [...onA, ...onB].reduce((s, c) => s + Math.max(0, (acks[c.run] ?? 0) - c.client.stats.received), 0);
    const drainUntil = performance.now() + 30_000;
    while (missing() > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
    const fromSend = (streams: ReadonlyArray<ClientOnRun>) =>
      streams.flatMap((c) =>
        c.client.stats.arrivals.flatMap((arrived, k) => {
          const sent = sentAt[c.run]?.[k];
          return sent === undefined ? [] : [arrived - sent];
        }),
      );
    const fromHistogram = (histogram: typeof stampB): number[] => {
      // 1,000 evenly spaced quantiles stand in for the samples (enough for p50…p99 and the max).
      const out: number[] = [];
      for (let i = 1; i <= 1_000; i++) out.push(histogram.quantile(i / 1_000));
      out.push(histogram.max());
      return out;
    };
    return {
      writes: paced.sent,
      failed: paced.failed,
      maxBacklog: paced.maxBacklog,
      stampB: fromHistogram(stampB),
      stampA: fromHistogram(stampA),
      sendB: fromSend(onB),
      sendA: fromSend(onA),
      lost: missing(),
      duplicates: [...onA, ...onB].reduce((s, c) => s + c.client.stats.duplicates + c.client.stats.outOfOrder, 0),
    };
  } finally {
    closeClients(onB);
    closeClients(onA);
    await cluster.stop();
  }
};

// ---------------------------------------------------------------------------------------------
// PostgreSQL alone, for scale: what one round trip and one commit cost on this machine.

interface RawPostgres {
  /** Microseconds per `SELECT 1` answered, one after another on one connection. */
  readonly roundTripMicros: number;
  /** Autocommitted single-row UPDATEs per second, one after another (each waits for its fsync). */
  readonly commitsPerSecond: number;
}

const rawPostgres = async (durationMs: number): Promise<RawPostgres> => {
  const database = await createTestDatabase("medi_bench_raw");
  const client = new pg.Client({ connectionString: database.url });
  try {
    await client.connect();
    await client.query("CREATE TABLE counter (id int PRIMARY KEY, value bigint NOT NULL)");
    await client.query("INSERT INTO counter VALUES (1, 0)");
    const loop = async (sql: string): Promise<number> => {
      for (let i = 0; i < 100; i++) await client.query(sql);
      const started = performance.now();
      let n = 0;
      while (performance.now() - started < durationMs) {
        await client.query(sql);
        n += 1;
      }
      return n / ((performance.now() - started) / 1_000);
    };
    const selects = await loop("SELECT 1");
    const commits = await loop("UPDATE counter SET value = value + 1 WHERE id = 1");
    return { roundTripMicros: 1e6 / selects, commitsPerSecond: commits };
  } finally {
    await client.end().catch(() => undefined);
    await database.drop();
  }
};

// ---------------------------------------------------------------------------------------------

const sum = <T>(results: ReadonlyArray<T>, pick: (r: T) => number): number => results.reduce((s, r) => s + pick(r), 0);

export const scaleOutScenario: Scenario = {
  name: "scale-out",
  title: "Scale-out: PostgreSQL + Redis beside SQLite",
  run: async ({ quick, repeats }) => {
    const writeMs = quick ? 4_000 : 10_000;
    const fanoutMs = quick ? 5_000 : 15_000;
    const crossWrites = quick ? 600 : 2_000;
    const clientCounts = [1, 32] as const;
    const writes = new Map<string, WriteResult[]>();
    const fanouts = new Map<Deployment, FanoutFigures[]>();
    const crosses: CrossResult[] = [];
    const raws: RawPostgres[] = [];
    for (let attempt = 0; attempt < repeats; attempt++) {
      log(`scale-out ${attempt + 1}/${repeats}: PostgreSQL round trips and commits alone`);
      raws.push(await rawPostgres(quick ? 1_500 : 3_000));
      for (const clients of clientCounts)
        for (const deployment of deployments) {
          log(`scale-out ${attempt + 1}/${repeats}: writes, ${label[deployment]}, ${clients} clients`);
          const key = `${deployment}/${clients}`;
          writes.set(key, [...(writes.get(key) ?? []), await measureWrites(deployment, clients, writeMs)]);
        }
      for (const deployment of deployments) {
        log(`scale-out ${attempt + 1}/${repeats}: fan-out, ${label[deployment]}`);
        fanouts.set(deployment, [...(fanouts.get(deployment) ?? []), await measureFanout(deployment, fanoutMs)]);
      }
      log(`scale-out ${attempt + 1}/${repeats}: cross-instance latency`);
      crosses.push(await measureCross(crossWrites));
    }

    const writeRows = clientCounts.flatMap((clients) =>
      deployments.map((deployment) => {
        const rs = writes.get(`${deployment}/${clients}`) ?? [];
        const node = medianOf(rs, (r) => r.nodeMicrosPerWrite);
        const backing = medianOf(rs, (r) => r.backingMicrosPerWrite);
        return [
          label[deployment],
          fmt(clients),
          fmt(medianOf(rs, (r) => r.acksPerSecond)),
          `${fmt(
            medianOf(rs, (r) => r.p50),
            2,
          )} / ${fmt(
            medianOf(rs, (r) => r.p99),
            2,
          )}`,
          fmt(node),
          deployment === "sqlite" ? "–" : fmt(backing),
          fmt(deployment === "sqlite" ? node : node + backing),
          `${sum(rs, (r) => r.lost)} / ${sum(rs, (r) => r.duplicates)}`,
        ];
      }),
    );

    const fanoutRows = deployments.map((deployment) => {
      const rs = fanouts.get(deployment) ?? [];
      const m = (pick: (r: FanoutFigures) => number) => medianOf(rs, pick);
      return [
        label[deployment],
        fmt(fanoutRate),
        fmt(m((r) => r.result.deliveredPerSecond)),
        fmt(m((r) => r.result.deliveriesPerCpuSecond)),
        deployment === "sqlite"
          ? "–"
          : fmt(m((r) => r.result.delivered / (r.result.serverCpuSeconds + r.backingCpuSeconds))),
        `${fmt(m((r) => r.result.latencyMs.p50))} / ${fmt(m((r) => r.result.latencyMs.p99))} / ${fmt(m((r) => r.result.latencyMs.max))}`,
        fmt(
          m((r) => r.result.serverCpuSeconds),
          2,
        ),
        deployment === "sqlite"
          ? "–"
          : fmt(
              m((r) => r.backingCpuSeconds),
              2,
            ),
        `${sum(rs, (r) => r.result.lost)} / ${sum(rs, (r) => r.result.duplicates)}`,
      ];
    });

    const crossRow = (name: string, samples: number[]) => {
      const q = quantiles(samples);
      return [name, fmt(q.p50, 1), fmt(q.p95, 1), fmt(q.p99, 1), fmt(q.max, 1)];
    };
    const sendB = crosses.flatMap((c) => c.sendB);
    const sendA = crosses.flatMap((c) => c.sendA);
    const stampB = crosses.flatMap((c) => c.stampB);
    const stampA = crosses.flatMap((c) => c.stampA);
    const crossSamples = crosses.reduce((s, c) => s + c.sendB.length, 0);

    return [
      "Three deployments on this machine, interleaved within each repeat (writes: SQLite, 1 instance, 2 instances at 1 client, then at 32; then fan-out in the same order; then cross-instance latency): **SQLite** — one process on its file, `--synchronous FULL`; **1 instance** — one process with `--database-url` (a fresh PostgreSQL 15 database on the machine's server, default pool of 10) and `--redis-url` (a private redis-server, no persistence); **2 instances** — two such processes on the same database and Redis. Every medi-test process is pinned to the server core (both instances share it); PostgreSQL and Redis are not pinned and run wherever the scheduler puts them, the load generator on the other core. **CPU**: medi-test's is the sum over its processes (schedstat); PostgreSQL's and Redis's are the deltas of their processes' CPU time from /proc over the same window — the postmaster, WAL writer, checkpointer, background writer, autovacuum and the backends connected to the benchmark's database (backends of other databases on this shared server are left out), plus the private redis-server.",
      "",
      `**Write path** (as write-path.ts): C keep-alive clients each send \`PUT /api/test-runs/:id/items/:itemId\` as soon as the previous one is answered, for ${writeMs / 1_000} s, over ${writeRuns} runs with ${writeSubscribersPerRun} SSE subscribers each (on 2 instances: 5 of each run's subscribers on each, and every client alternates between the instances request by request). Latency: sent to 200 received. Lost/duplicated: counted at the ${writeRuns * writeSubscribersPerRun} subscribers over all repeats.`,
      "",
      markdownTable(
        [
          "deployment",
          "clients",
          "acknowledged updates/s",
          "latency ms p50 / p99",
          "medi-test CPU µs per update",
          "PostgreSQL + Redis CPU µs per update",
          "total CPU µs per update",
          "lost / duplicated",
        ],
        writeRows,
      ),
      "",
      `PostgreSQL alone, from the load generator's core over one connection, in the same repeats: one \`SELECT 1\` round trip ${fmt(
        medianOf(raws, (r) => r.roundTripMicros),
      )} µs; autocommitted single-row UPDATEs (each waits for its WAL fsync) ${fmt(medianOf(raws, (r) => r.commitsPerSecond))}/s.`,
      "",
      `**Fan-out** (as fanout.ts): ${fmt(fanoutSubscribers)} subscribers over ${fanoutRuns} runs (10 per run; on 2 instances 5 of each run's on each), a paced publisher records ${fanoutRate} results/s round-robin over the runs for ${fanoutMs / 1_000} s (on 2 instances each run's results alternate between the instances). Latency: from the event's server timestamp to arrival. CPU from the first publish until every acknowledged event reached every subscriber of its run.`,
      "",
      markdownTable(
        [
          "deployment",
          "results/s",
          "delivered/s",
          "deliveries per medi-test CPU-s",
          "deliveries per CPU-s incl. PostgreSQL + Redis",
          "latency ms p50 / p99 / max",
          "medi-test CPU-s",
          "PostgreSQL + Redis CPU-s",
          "lost / duplicated",
        ],
        fanoutRows,
      ),
      "",
      `**Cross-instance latency**: two instances on PostgreSQL + Redis; ${fmt(crossWrites)} results per repeat recorded through instance A at ${crossRate}/s (over ${crossRuns} runs, at most 8 in flight), ${crossStreamsPerRun} streams per run held on B and ${crossStreamsPerRun} on A. Each delivery is a sample: ${fmt(crossSamples)} on B in all (writes failed: ${sum(crosses, (c) => c.failed)}, largest publish backlog ${Math.max(0, ...crosses.map((c) => c.maxBacklog))}, lost / duplicated on all streams: ${sum(crosses, (c) => c.lost)} / ${sum(crosses, (c) => c.duplicates)}). "From the event's timestamp": arrival (client's Date.now()) minus the event's \`timestamp\` (set on A before its commit; same machine clock, millisecond resolution, read from the load client's 1 ms histogram). "From the send": arrival minus the moment the client sent the write to A (includes A's HTTP handling and commit).`,
      "",
      markdownTable(
        ["measured", "p50 ms", "p95 ms", "p99 ms", "max ms"],
        [
          crossRow("A → streams on B, from the event's timestamp", stampB),
          crossRow("A → streams on A, from the event's timestamp", stampA),
          crossRow("A → streams on B, from the client's send", sendB),
          crossRow("A → streams on A, from the client's send", sendA),
        ],
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([scaleOutScenario]);
