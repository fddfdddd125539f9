import { runFanout } from "./fanout-bench.ts";
import { fanoutHeader, fanoutRow, fanoutShapes, itemsPerRun, targetRate } from "./fanout-table.ts";
import { startMediTarget } from "./medi-target.ts";
import { markdownTable } from "./report.ts";
import { log, repeat, type Scenario, runScenarioCli } from "./scenario.ts";

/** Scenario 1: S subscribers over R runs (one run's stream each) at a paced P events/s. */
export const fanoutScenario: Scenario = {
  name: "fanout",
  title: "Fan-out with per-run topics",
  run: async ({ quick, repeats }) => {
    const durationMs = quick ? 5_000 : 20_000;
    const rows: string[][] = [];
    for (const shape of fanoutShapes) {
      const results = await repeat(repeats, async (attempt) => {
        log(`fanout ${shape.subscribers}/${shape.runs} run ${attempt + 1}/${repeats}`);
        const target = await startMediTarget({ runs: shape.runs, itemsPerRun });
        try {
          return await runFanout(target, { subscribers: shape.subscribers, rate: targetRate, durationMs });
        } finally {
          await target.stop();
        }
      });
      rows.push(fanoutRow(results));
    }
    return [
      `Each subscriber holds one run's SSE stream (\`/api/test-runs/:id/stream\`, 10 per run); a paced publisher records ${targetRate} results/s in total, round-robin over the runs, through the full HTTP write path (auth, schema decode, SQLite FULL commit with its event row, fan-out), at most 64 requests in flight. Latency: from the event's server timestamp (taken before the commit) to its arrival at the client. Server CPU-s: from the first publish until every acknowledged event reached every subscriber of its run; deliveries per CPU-s include the write path. ${quick ? 5 : 20} s of publishing per run.`,
      "",
      markdownTable(fanoutHeader, rows),
    ].join("\n");
  },
};

if (import.meta.main) await runScenarioCli([fanoutScenario]);
