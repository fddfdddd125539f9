import { type FanoutResult, runFanout } from "./fanout-bench.ts";
import type { FanoutTarget } from "./fanout-target.ts";
import { fanoutHeader, fanoutRow, itemsPerRun, targetRate } from "./fanout-table.ts";
import { startMediTarget } from "./medi-target.ts";
import { nchanAvailable, startNchanTarget } from "./nchan-target.ts";
import { fmt, markdownTable, ratio } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";

interface Pair {
  readonly medi: FanoutResult;
  readonly nchan: FanoutResult;
}

/** A load of the side-by-side runs, and the ratio issue 14 asks medi-test to reach at it. */
interface NchanShape {
  readonly subscribers: number;
  readonly runs: number;
  readonly rate: number;
  readonly target?: number;
}

/**
 * The loads of the independent comparison that issue 14 quotes: many small runs (100 × 10), a few
 * big walls (20 runs × 100 streams at 200/s), and the lab-company scale (1,000 runs × 10).
 */
const nchanShapes: ReadonlyArray<NchanShape> = [
  { subscribers: 1_000, runs: 100, rate: 100 },
  { subscribers: 2_000, runs: 20, rate: 200, target: 0.8 },
  { subscribers: 10_000, runs: 1_000, rate: 100, target: 0.5 },
];

const once = async (
  start: () => Promise<FanoutTarget>,
  subscribers: number,
  rate: number,
  durationMs: number,
): Promise<FanoutResult> => {
  const target = await start();
  try {
    return await runFanout(target, { subscribers, rate, durationMs });
  } finally {
    await target.stop();
  }
};

/** CPU-s per second of publishing alone (no subscribers): what each server spends before fan-out. */
const publishOnly = (r: FanoutResult): number => r.serverCpuSeconds / r.seconds;

/**
 * Fan-out CPU with the publishing cost taken out: deliveries / (CPU-s − publish-only CPU-s per
 * second × seconds). Shows how the two compare at fanning out, apart from what a publish costs.
 */
const fanoutOnly = (r: FanoutResult, publishCpuPerSecond: number): number =>
  r.delivered / Math.max(1e-9, r.serverCpuSeconds - publishCpuPerSecond * r.seconds);

/** Scenario 2: the same load against nginx + nchan (one worker) started by the bench. */
export const nchanScenario: Scenario = {
  name: "nchan",
  title: "Fan-out side by side with nginx + nchan",
  run: async ({ quick, repeats }) => {
    if (!nchanAvailable())
      return "nginx with libnginx-mod-nchan is not installed (`apt-get install -y nginx-light libnginx-mod-nchan`): scenario skipped.";
    const durationMs = quick ? 5_000 : 20_000;
    const medi = (runs: number) => () => startMediTarget({ runs, itemsPerRun });
    const nchan = (runs: number) => () => startNchanTarget(runs, itemsPerRun);
    const baseRuns = 1_000;
    log("nchan: publish-only baselines");
    const baselines = await repeat(repeats, async () => ({
      medi: await once(medi(baseRuns), 0, targetRate, durationMs),
      nchan: await once(nchan(baseRuns), 0, targetRate, durationMs),
    }));
    const mediPublish = medianOf(baselines, (b) => publishOnly(b.medi));
    const nchanPublish = medianOf(baselines, (b) => publishOnly(b.nchan));
    const rows: string[][] = [];
    const ratios: string[][] = [];
    for (const shape of nchanShapes) {
      // Interleaved, so both see the same background load on this shared machine.
      const pairs: Pair[] = await repeat(repeats, async (attempt) => {
        log(`nchan ${shape.subscribers}/${shape.runs} run ${attempt + 1}/${repeats}`);
        return {
          medi: await once(medi(shape.runs), shape.subscribers, shape.rate, durationMs),
          nchan: await once(nchan(shape.runs), shape.subscribers, shape.rate, durationMs),
        };
      });
      const label = `${fmt(shape.subscribers)} / ${fmt(shape.runs)}`;
      rows.push(
        fanoutRow(
          pairs.map((p) => p.medi),
          `${label} medi-test`,
        ),
        fanoutRow(
          pairs.map((p) => p.nchan),
          `${label} nchan`,
        ),
      );
      const perCpu = (pick: (p: Pair) => FanoutResult) => medianOf(pairs, (p) => pick(p).deliveriesPerCpuSecond);
      const p99 = (pick: (p: Pair) => FanoutResult) => medianOf(pairs, (p) => pick(p).latencyMs.p99);
      const fanOnly = (pick: (p: Pair) => FanoutResult, publish: number) =>
        medianOf(pairs, (p) => fanoutOnly(pick(p), publish));
      const perCpuRatio = perCpu((p) => p.medi) / perCpu((p) => p.nchan);
      ratios.push([
        `${label} at ${fmt(shape.rate)}/s`,
        ratio(
          perCpu((p) => p.medi),
          perCpu((p) => p.nchan),
        ),
        shape.target === undefined
          ? "–"
          : `≥ ${shape.target}×: ${perCpuRatio >= shape.target ? "met" : `missed: medi-test needs ${fmt(shape.target / perCpuRatio, 1)}× its deliveries per CPU-s`}`,
        `${fmt(p99((p) => p.medi))} / ${fmt(p99((p) => p.nchan))} ms (${ratio(
          p99((p) => p.medi),
          p99((p) => p.nchan),
        )})`,
        `${fmt(fanOnly((p) => p.medi, mediPublish))} / ${fmt(fanOnly((p) => p.nchan, nchanPublish))} (${ratio(
          fanOnly((p) => p.medi, mediPublish),
          fanOnly((p) => p.nchan, nchanPublish),
        )})`,
      ]);
    }
    return [
      `The loads of issue 14's comparison (${nchanShapes.map((shape) => `${fmt(shape.runs)} runs × ${fmt(shape.subscribers / shape.runs)} streams at ${fmt(shape.rate)} events/s`).join("; ")}; paced, round-robin over the runs, ${quick ? 5 : 20} s) against medi-test and against nginx ${"1.22"} + nchan from Debian on 127.0.0.1, started and stopped by the bench with a generated config in a temp dir: one worker process (medi-test is one process), EventSource subscribers, 15 s pings, a 1,000-message buffer per channel, subscribers start at the newest message. nchan's publisher gets the same JSON payload as medi-test's \`item_updated\` events (with a per-channel seq, checked for gaps, and the publisher's timestamp). medi-test's events come from the full write path (HTTP + auth + SQLite FULL commit); nchan only relays what it is posted. CPU is nchan's worker process and medi-test's server process.`,
      "",
      markdownTable(fanoutHeader, rows),
      "",
      `Publishing alone (${fmt(baseRuns)} runs, no subscribers, ${targetRate} events/s): medi-test ${fmt(mediPublish * 1_000, 1)} ms CPU per second (${fmt((mediPublish * 1e6) / targetRate)} µs per event), nchan ${fmt(nchanPublish * 1_000, 1)} ms CPU per second (${fmt((nchanPublish * 1e6) / targetRate)} µs per event).`,
      "",
      markdownTable(
        [
          "subscribers / runs",
          "deliveries per server CPU-s, medi-test / nchan",
          "issue 14 target",
          "p99 medi-test / nchan",
          "fan-out only: deliveries per CPU-s beyond publishing, medi-test / nchan",
        ],
        ratios,
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([nchanScenario]);
