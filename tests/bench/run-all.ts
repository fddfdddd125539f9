import { boardRenderScenario } from "./board-render.ts";
import { fanoutScenario } from "./fanout.ts";
import { idleMemoryScenario } from "./idle-memory.ts";
import { nchanScenario } from "./nchan.ts";
import { reconnectStormScenario } from "./reconnect-storm.ts";
import { requestCostScenario } from "./request-cost.ts";
import { scaleOutScenario } from "./scale-out.ts";
import { runScenarioCli } from "./scenario.ts";
import { seedBaselineScenario } from "./seed-baseline.ts";
import { writePathScenario } from "./write-path.ts";

/**
 * `npm run bench`: every scenario (medians of 3 runs), each table appended to BENCHMARKS.md.
 * `npm run bench -- fanout nchan` runs only those; `--quick` runs each once with short windows;
 * `--repeats N`; `--no-report` prints without appending; `--cpu-prof` starts every server process
 * with Node's `--cpu-prof` and, after each scenario, prints where its .cpuprofile files are (a
 * folder per scenario in a new temp folder, or in `--cpu-prof-dir <dir>`) and its top 10 functions
 * by self time. Each scenario also runs alone: `node tests/bench/<scenario file>.ts`.
 */
await runScenarioCli([
  fanoutScenario,
  nchanScenario,
  seedBaselineScenario,
  idleMemoryScenario,
  writePathScenario,
  reconnectStormScenario,
  boardRenderScenario,
  requestCostScenario,
  scaleOutScenario,
]);
