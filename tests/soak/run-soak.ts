import { execFileSync } from "node:child_process";

/**
 * `npm run soak`: the long versions of the reliability tests (20 kill -9 rounds, 100k fuzzed
 * requests, 50k connection attempts), then the accelerated month on a wall. Extra arguments go to
 * the month scenario (e.g. `npm run soak -- --events 200000`).
 */
const env = {
  ...process.env,
  MEDI_TEST_CRASH_ROUNDS: process.env.MEDI_TEST_CRASH_ROUNDS ?? "20",
  MEDI_TEST_FUZZ_RUNS: process.env.MEDI_TEST_FUZZ_RUNS ?? "100000",
  MEDI_TEST_ABUSE_ATTEMPTS: process.env.MEDI_TEST_ABUSE_ATTEMPTS ?? "50000",
};
const node = process.execPath;
/** Named scenarios run alone: `npm run soak -- big-wall` (each file says what it measures). */
const scenarios: Record<string, string> = {
  "big-wall": "tests/soak/big-wall.ts",
  "replay-storm": "tests/soak/replay-storm.ts",
};
const named = scenarios[process.argv[2] ?? ""];
if (named !== undefined) {
  execFileSync(node, [named, ...process.argv.slice(3)], { stdio: "inherit", env });
  process.exit(0);
}
execFileSync(
  node,
  [
    "node_modules/vitest/vitest.mjs",
    "run",
    "tests/integration/crash-safety.test.ts",
    "tests/integration/fuzz.test.ts",
    "tests/integration/abuse.test.ts",
  ],
  { stdio: "inherit", env },
);
execFileSync(node, ["tests/soak/month-on-a-wall.ts", ...process.argv.slice(2)], { stdio: "inherit", env });
