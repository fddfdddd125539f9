import { makeHttpJson } from "./http-json.ts";
import { makeLatencyHistogram } from "./latency-histogram.ts";
import { startMediTarget } from "./medi-target.ts";
import { type ClientOnRun, closeClients, openClients } from "./open-clients.ts";
import { runPaced } from "./paced-publisher.ts";
import { fmt, markdownTable } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";
import { percentile } from "./stats.ts";

interface StormResult {
  readonly clients: number;
  readonly events: number;
  readonly restartSeconds: number;
  readonly allBackSeconds: number;
  readonly caughtUpSeconds: number;
  readonly reconnectP50: number;
  readonly reconnectP99: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly resets: number;
  readonly notBack: number;
}

interface LoggedEvent {
  readonly seq: number;
  readonly at: number;
}

/** Every event of one run from the server's log (the authority on what was committed). */
const runLog = async (http: ReturnType<typeof makeHttpJson>, runId: string): Promise<LoggedEvent[]> => {
  const out: LoggedEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await http.json<{ events: Array<{ seq: number; timestamp: string }>; next: number | null }>(
      "GET",
      `/api/test-runs/${runId}/events?after=${after}&limit=1000`,
    );
    for (const e of page.events) out.push({ seq: e.seq, at: Date.parse(e.timestamp) });
    if (page.next === null) return out;
    after = page.next;
  }
};

/**
 * Checks each client against the log: after its snapshot it must have received exactly its
 * run's events, in order, once each. Caught up: the moment it held every event committed before
 * it reconnected.
 */
const verify = (
  clients: ReadonlyArray<ClientOnRun>,
  logs: ReadonlyArray<ReadonlyArray<LoggedEvent>>,
  killedAt: number,
) => {
  let lost = 0;
  let duplicates = 0;
  let notBack = 0;
  const caughtUp: number[] = [];
  const back: number[] = [];
  for (const { client, run } of clients) {
    const stats = client.stats;
    const expected = (logs[run] ?? []).filter((e) => e.seq > stats.startSeq);
    const seen = new Map<number, number>();
    stats.seqs.forEach((seq, i) => {
      if (seen.has(seq)) duplicates += 1;
      else seen.set(seq, stats.arrivals[i] ?? Number.NaN);
    });
    const wanted = new Set(expected.map((e) => e.seq));
    for (const seq of seen.keys()) if (!wanted.has(seq)) duplicates += 1;
    for (const e of expected) if (!seen.has(e.seq)) lost += 1;
    const reconnectedAt = stats.connectedAt.find((t) => t >= killedAt);
    if (reconnectedAt === undefined) {
      notBack += 1;
      continue;
    }
    back.push(reconnectedAt - killedAt);
    let done = reconnectedAt;
    for (const e of expected)
      if (e.at <= reconnectedAt) done = Math.max(done, seen.get(e.seq) ?? Number.POSITIVE_INFINITY);
    caughtUp.push(done - killedAt);
  }
  back.sort((a, b) => a - b);
  return { lost, duplicates, notBack, back, caughtUp: Math.max(0, ...caughtUp) };
};

const once = async (
  clientCount: number,
  runs: number,
  rate: number,
  beforeMs: number,
  afterMs: number,
): Promise<StormResult> => {
  const target = await startMediTarget({ runs, itemsPerRun: 10 });
  const clients = await openClients(clientCount, runs, target.streamUrl, {
    seqSource: "id",
    latency: makeLatencyHistogram(),
    reconnect: true,
    record: true,
  });
  const http = makeHttpJson(target.server.url, { authorization: `Bearer ${target.server.adminToken}` }, 16);
  try {
    let killedAt = 0;
    let upAt = 0;
    const storm = (async () => {
      await new Promise((r) => setTimeout(r, beforeMs));
      killedAt = Date.now();
      log(`storm: restarting the server under ${clientCount} streams`);
      await target.server.restart();
      upAt = Date.now();
    })();
    const safePublish = (n: number) => target.publish(n).catch(() => false);
    await runPaced({ ratePerSecond: rate, durationMs: beforeMs + afterMs, maxInFlight: 32, send: safePublish });
    await storm;
    const logs = await Promise.all(target.runIds.map((id) => runLog(http, id)));
    // Let the last events arrive.
    const last = logs.map((l) => l[l.length - 1]?.seq ?? 0);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && clients.some((c) => c.client.stats.lastSeq < (last[c.run] ?? 0)))
      await new Promise((r) => setTimeout(r, 50));
    const checked = verify(clients, logs, killedAt);
    return {
      clients: clientCount,
      events: logs.reduce((s, l) => s + l.length, 0),
      restartSeconds: (upAt - killedAt) / 1_000,
      allBackSeconds: (checked.back[checked.back.length - 1] ?? Number.NaN) / 1_000,
      caughtUpSeconds: checked.caughtUp / 1_000,
      reconnectP50: percentile(checked.back, 0.5) / 1_000,
      reconnectP99: percentile(checked.back, 0.99) / 1_000,
      lost: checked.lost,
      duplicates: checked.duplicates,
      resets: clients.reduce((s, c) => s + c.client.stats.resets, 0),
      notBack: checked.notBack,
    };
  } finally {
    closeClients(clients);
    http.close();
    await target.stop();
  }
};

/** Scenario 6: a server restart under 5k streams; every client resumes with Last-Event-ID. */
export const reconnectStormScenario: Scenario = {
  name: "reconnect-storm",
  title: "Reconnect storm: server restarted under live streams",
  run: async ({ quick, repeats }) => {
    const clients = quick ? 1_000 : 5_000;
    const runs = clients / 10;
    const rate = 200;
    const results = await repeat(repeats, async (attempt) => {
      log(`reconnect-storm run ${attempt + 1}/${repeats}`);
      return once(clients, runs, rate, 8_000, 15_000);
    });
    const m = (pick: (r: StormResult) => number, digits = 1) => fmt(medianOf(results, pick), digits);
    const total = (pick: (r: StormResult) => number) => fmt(results.reduce((s, r) => s + pick(r), 0));
    return [
      `${fmt(clients)} clients on ${fmt(runs)} runs (10 per run) with our SSE client in EventSource mode: on a stream's end it waits the server's \`retry:\` (1–3 s, jittered per connection) and reconnects with \`Last-Event-ID\`, retrying the same way while the server is down. ${rate} results/s are published for 23 s; at 8 s the server gets SIGTERM (it ends every stream, closes the database) and is started again on the same port and data dir; publishing continues (writes fail while it is down). Afterwards every client's received seqs are checked against the server's event log for its run: all events after its snapshot, each once, in order. Times from the SIGTERM. Caught up: the client holds every event committed before it reconnected.`,
      "",
      markdownTable(
        [
          "clients",
          "events in log",
          "server down → up s",
          "all back s",
          "all caught up s",
          "reconnect s p50 / p99",
          "lost / duplicated",
          "resets",
          "never came back",
        ],
        [
          [
            fmt(clients),
            m((r) => r.events, 0),
            m((r) => r.restartSeconds),
            m((r) => r.allBackSeconds),
            m((r) => r.caughtUpSeconds),
            `${m((r) => r.reconnectP50)} / ${m((r) => r.reconnectP99)}`,
            `${total((r) => r.lost)} / ${total((r) => r.duplicates)}`,
            total((r) => r.resets),
            total((r) => r.notBack),
          ],
        ],
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([reconnectStormScenario]);
