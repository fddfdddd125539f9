import { ensureHubChoiceBuild } from "./bench-build.ts";
import { type FanoutResult, runFanout } from "./fanout-bench.ts";
import { fanoutHeader, fanoutRow, itemsPerRun, targetRate } from "./fanout-table.ts";
import { startMediTarget } from "./medi-target.ts";
import { fmt, markdownTable, ratio } from "./report.ts";
import { log, medianOf, repeat, type Scenario, runScenarioCli } from "./scenario.ts";

const shapes = [
  { subscribers: 1_000, runs: 100 },
  { subscribers: 10_000, runs: 1_000 },
];

/**
 * Scenario 3: the seed's design (one global PubSub, every subscriber filters every event) against
 * ours (one PubSub per run), in the same bench-only server bundle with only the broadcaster layer
 * swapped (`--hub seed|topic`).
 */
export const seedBaselineScenario: Scenario = {
  name: "seed",
  title: "Per-run topics against the seed's global hub",
  run: async ({ quick, repeats }) => {
    const entry = await ensureHubChoiceBuild();
    // 10 s: the seed's design falls behind at 10k subscribers and needs minutes to drain more.
    const durationMs = quick ? 5_000 : 10_000;
    const rows: string[][] = [];
    const ratios: string[][] = [];
    for (const shape of shapes) {
      const once = async (hub: "topic" | "seed"): Promise<FanoutResult> => {
        const target = await startMediTarget({ runs: shape.runs, itemsPerRun }, { entry, flags: ["--hub", hub] }, hub);
        try {
          return await runFanout(target, {
            subscribers: shape.subscribers,
            rate: targetRate,
            durationMs,
            drainMs: 180_000,
          });
        } finally {
          await target.stop();
        }
      };
      const pairs = await repeat(repeats, async (attempt) => {
        log(`seed ${shape.subscribers}/${shape.runs} run ${attempt + 1}/${repeats}`);
        return { topic: await once("topic"), seed: await once("seed") };
      });
      const label = `${fmt(shape.subscribers)} / ${fmt(shape.runs)}`;
      rows.push(
        fanoutRow(
          pairs.map((p) => p.topic),
          `${label} per-run topics`,
        ),
        fanoutRow(
          pairs.map((p) => p.seed),
          `${label} seed: global hub + filter`,
        ),
      );
      const perCpu = (hub: "topic" | "seed") => medianOf(pairs, (p) => p[hub].deliveriesPerCpuSecond);
      const p99 = (hub: "topic" | "seed") => medianOf(pairs, (p) => p[hub].latencyMs.p99);
      ratios.push([label, ratio(perCpu("topic"), perCpu("seed"), 1), `${fmt(p99("topic"))} / ${fmt(p99("seed"))} ms`]);
    }
    return [
      `The fan-out load (10 subscribers per run, ${targetRate} events/s paced, ${quick ? 5 : 10} s, full write path) against one bench-only server bundle (tests/bench/hub-choice-server.ts, bundled like \`npm start\`) whose broadcaster layer is either the product's (one PubSub per run) or the seed's (one global PubSub; each subscriber runs \`Stream.filter\` over every event, tests/bench/seed-hub-broadcaster.ts). Frames are serialized once per event in both. Up to 180 s are allowed for the last deliveries; CPU and time run until the last one arrived.`,
      "",
      markdownTable(fanoutHeader, rows),
      "",
      markdownTable(
        ["subscribers / runs", "deliveries per server CPU-s, per-run topics / seed", "p99 per-run topics / seed"],
        ratios,
      ),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([seedBaselineScenario]);
