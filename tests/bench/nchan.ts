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

/** CPU-s per published event with no subscribers: what each server spends before fan-out. */
const publishCpuPerEvent = (r: FanoutResult): number => r.serverCpuSeconds / Math.max(1, r.acknowledged);

/**
 * The share of a run's CPU that publishing alone would cost (the no-subscriber baseline's CPU per
 * event times the events published), and the CPU µs per delivery beyond it. Where publishing is
 * nearly all of it, what is left is within the noise and no per-delivery figure is given.
 */
const publishShare = (r: FanoutResult, perEvent: number): number =>
  Math.min(1, (perEvent * r.acknowledged) / Math.max(1e-9, r.serverCpuSeconds));

const microsPerDelivery = (r: FanoutResult, perEvent: number): number | undefined => {
  const rest = r.serverCpuSeconds - perEvent * r.acknowledged;
  return rest < 0.25 * r.serverCpuSeconds ? undefined : (rest * 1e6) / Math.max(1, r.delivered);
};

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
    const mediPublish = medianOf(baselines, (b) => publishCpuPerEvent(b.medi));
    const nchanPublish = medianOf(baselines, (b) => publishCpuPerEvent(b.nchan));
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
      const share = (pick: (p: Pair) => FanoutResult, perEvent: number) =>
        `${fmt(medianOf(pairs, (p) => publishShare(pick(p), perEvent)) * 100)} %`;
      const perDelivery = (pick: (p: Pair) => FanoutResult, perEvent: number) => {
        const values = pairs.map((p) => microsPerDelivery(pick(p), perEvent));
        const known = values.filter((v): v is number => v !== undefined);
        return known.length * 2 > values.length
          ? `${fmt(
              medianOf(known, (v) => v),
              1,
            )} µs`
          : "– (mostly publishing)";
      };
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
        `${share((p) => p.medi, mediPublish)} / ${share((p) => p.nchan, nchanPublish)}`,
        `${perDelivery((p) => p.medi, mediPublish)} / ${perDelivery((p) => p.nchan, nchanPublish)}`,
      ]);
    }
    return [
      `The loads of issue 14's comparison (${nchanShapes.map((shape) => `${fmt(shape.runs)} runs × ${fmt(shape.subscribers / shape.runs)} streams at ${fmt(shape.rate)} events/s`).join("; ")}; paced, round-robin over the runs, ${quick ? 5 : 20} s) against medi-test and against nginx ${"1.22"} + nchan from Debian on 127.0.0.1, started and stopped by the bench with a generated config in a temp dir: one worker process (medi-test is one process), EventSource subscribers, 15 s pings, a 1,000-message buffer per channel, subscribers start at the newest message. nchan's publisher gets the same JSON payload as medi-test's \`item_updated\` events (with a per-channel seq, checked for gaps, and the publisher's timestamp). medi-test's events come from the full write path (HTTP + auth + SQLite FULL commit); nchan only relays what it is posted. CPU is nchan's worker process and medi-test's server process.`,
      "",
      markdownTable(fanoutHeader, rows),
      "",
      `Publishing alone (${fmt(baseRuns)} runs, no subscribers, ${targetRate} events/s): medi-test ${fmt(mediPublish * 1e6)} µs CPU per event (HTTP, auth, schema, SQLite FULL commit), nchan ${fmt(nchanPublish * 1e6)} µs per event (HTTP POST into memory). The last two columns take that cost out of each run: what is left is the fan-out itself, per delivery.`,
      "",
      markdownTable(
        [
          "subscribers / runs",
          "deliveries per server CPU-s, medi-test / nchan",
          "issue 14 target",
          "p99 medi-test / nchan",
          "publishing's share of the CPU, medi-test / nchan",
          "CPU per delivery beyond publishing, medi-test / nchan",
        ],
        ratios,
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([nchanScenario]);
