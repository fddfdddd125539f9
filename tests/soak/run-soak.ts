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
execFileSync(
  node,
  ["node_modules/vitest/vitest.mjs", "run", "tests/integration/crash-safety.test.ts", "tests/integration/fuzz.test.ts", "tests/integration/abuse.test.ts"],
  { stdio: "inherit", env },
);
execFileSync(node, ["tests/soak/month-on-a-wall.ts", ...process.argv.slice(2)], { stdio: "inherit", env });
