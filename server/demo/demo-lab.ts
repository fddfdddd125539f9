import { Effect } from "effect";
import { addComment } from "../application/usecases/add-comment.ts";
import { createTestRun } from "../application/usecases/create-test-run.ts";
import { getTestRun, listTestRuns } from "../application/usecases/read-test-runs.ts";
import { updateTestItem } from "../application/usecases/update-test-item.ts";
import { updateTestRunStatus } from "../application/usecases/update-test-run.ts";
import type { Principal } from "../application/ports/token-store.ts";
import type { ItemStatus } from "../domain/test-item.ts";
import type { CreateRunBody } from "../domain/requests.ts";
import type { AppRuntime } from "../http/app-runtime.ts";

const sections: Record<string, ReadonlyArray<string>> = {
  "Radio/Sensitivity": [
    "RX sensitivity ch 1",
    "RX sensitivity ch 6",
    "RX sensitivity ch 11",
    "RX blocking",
    "Adjacent channel rejection",
  ],
  "Radio/Handover": ["Handover 5G→LTE", "Handover LTE→5G", "Handover under load", "Handover at cell edge"],
  "Display/Brightness": ["Max brightness", "Min brightness", "Auto brightness ramp", "Sunlight readability"],
  "Display/Touch": ["Single tap accuracy", "Multi-touch 5 points", "Edge swipe", "Wet finger"],
  "Power/Battery": ["Idle drain 8h", "Video playback drain", "Charge 0→80%", "Thermal throttling at 45°C"],
  "Power/Sleep": ["Deep sleep entry", "Wake on alarm", "Wake on notification"],
  "Login/SSO": ["SSO with corporate IdP", "SSO token refresh", "Logout clears session"],
  "Login/PIN": ["PIN lockout after 5 tries", "PIN change", "Biometric fallback to PIN"],
};

const planFor = (prefixes: ReadonlyArray<string>, repeat: number): NonNullable<CreateRunBody["items"]> => {
  const items: Array<{ title: string; section: string; key: string }> = [];
  for (let round = 1; round <= repeat; round++) {
    for (const [section, titles] of Object.entries(sections)) {
      if (!prefixes.some((p) => section.startsWith(p))) continue;
      for (const title of titles) {
        const name = repeat > 1 ? `${title} #${round}` : title;
        items.push({ title: name, section, key: `${section.replace("/", ".")}.${name}`.replace(/\s+/g, "_") });
      }
    }
  }
  return items;
};

export const demoRuns = (): ReadonlyArray<CreateRunBody> => [
  { name: "Radio regression", labels: { build: "2.4.1", bench: "A", device: "DVT-2" }, items: planFor(["Radio"], 12) },
  { name: "Display EVT", labels: { build: "2.4.1", bench: "B", device: "EVT-3" }, items: planFor(["Display"], 10) },
  { name: "Power DVT", labels: { build: "2.4.0", bench: "C", device: "DVT-1" }, items: planFor(["Power"], 10) },
  {
    name: "Login smoke",
    labels: { build: "2.4.1", bench: "D", device: "PVT-1", firmware: "fw-77" },
    items: planFor(["Login"], 6),
  },
];

const testers: ReadonlyArray<Principal> = ["Aiko", "Ken", "Mei"].map((name) => ({
  tokenId: `demo-${name}`,
  name,
  role: "tester",
  kind: "session",
}));

const pickStatus = (roll: number): ItemStatus => {
  if (roll < 0.84) return "passed";
  if (roll < 0.91) return "failed";
  if (roll < 0.94) return "blocked";
  if (roll < 0.98) return "skipped";
  return "retest";
};

/** Seeds the sample lab once (an empty database only). */
export const seedDemoLab = Effect.fn("seedDemoLab")(function* () {
  const existing = yield* listTestRuns({ limit: 1 });
  if (existing.length > 0) return false;
  for (const run of demoRuns()) yield* createTestRun(run);
  return true;
});

/** One simulated result: a tester records the next untested item of a random active run. */
export const simulateStep = Effect.fn("simulateStep")(function* (random: () => number) {
  const runs = (yield* listTestRuns({ limit: 50 })).filter((r) => r.status === "planned" || r.status === "running");
  if (runs.length === 0) {
    for (const run of demoRuns()) yield* createTestRun({ ...run, name: `${run.name} (rerun)` });
    return;
  }
  const run = runs[Math.floor(random() * runs.length)] ?? runs[0];
  if (run === undefined) return;
  const detail = yield* getTestRun(run.id);
  const open = detail.items.filter((i) => i.status === "untested" || i.status === "retest");
  const tester = testers[Math.floor(random() * testers.length)] ?? null;
  const item = open[Math.floor(random() * Math.min(open.length, 5))];
  if (item === undefined) {
    yield* updateTestRunStatus(run.id, { status: "completed" }, undefined);
    return;
  }
  const status = pickStatus(random());
  yield* updateTestItem(
    run.id,
    item.id,
    { status, durationMs: Math.round(5_000 + random() * 120_000) },
    undefined,
    tester,
  );
  if (status === "failed" && random() < 0.5) {
    yield* addComment(run.id, { itemId: item.id, body: "Reproduced twice; logs attached to the bench PC." }, tester);
  }
});

/** Starts the simulated tester; returns a function that stops it. */
export const startDemoTester = (runtime: AppRuntime, intervalMs: number): (() => void) => {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    // A failed step (e.g. the run was deleted meanwhile) is logged; the next tick tries again.
    const step = simulateStep(Math.random).pipe(
      Effect.tapCause((cause) => Effect.logWarning("demo tester step failed", cause)),
    );
    runtime.runPromiseExit(step).finally(() => {
      busy = false;
    });
  }, intervalMs);
  return () => clearInterval(timer);
};
