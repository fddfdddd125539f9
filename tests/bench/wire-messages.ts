import type { BatchPart, TypedEvent } from "../../server/domain/events.ts";
import { emptyCounts, type RunCounts } from "../../server/domain/run-counts.ts";
import type { ItemStatus, TestItem } from "../../server/domain/test-item.ts";
import type { TestRunDetail, TestRunSummary } from "../../server/domain/test-run.ts";
import type { WallRun } from "../../server/domain/wall-run.ts";

/**
 * The stream's largest messages at lab scale, as JSON text typed by the contract: a wall's
 * snapshot of N run summaries, a run's snapshot of N items, and a bulk import of N results (a
 * `batch`). Shaped like the big-wall soak's lab: runs 70 % recorded, one result in 17 failed.
 */

const t0 = Date.parse("2026-12-01T08:00:00.000Z");
const iso = (ms: number): string => new Date(ms).toISOString();
const ulid = (prefix: string, n: number): string =>
  `${prefix}${n
    .toString(36)
    .toUpperCase()
    .padStart(26 - prefix.length, "0")}`;

const statusAt = (i: number): ItemStatus => (i % 10 >= 7 ? "untested" : i % 17 === 0 ? "failed" : "passed");

const countsFor = (statuses: ReadonlyArray<ItemStatus>): RunCounts => {
  const counts = { ...emptyCounts() };
  for (const status of statuses) counts[status] += 1;
  return { ...counts, total: statuses.length };
};

const summary = (n: number, counts: RunCounts): TestRunSummary => ({
  id: ulid("01JRUN", n),
  name: `Radio regression ${n}`,
  description: n % 3 === 0 ? "Nightly build, all bands" : null,
  labels: { build: `2.${n % 9}.1`, rig: `R${n % 7}` },
  status: "running",
  createdAt: iso(t0),
  startedAt: iso(t0 + 60_000),
  completedAt: null,
  updatedAt: iso(t0 + n),
  version: 3,
  counts,
});

const item = (runId: string, i: number): TestItem => ({
  id: ulid("01JITEM", i),
  runId,
  key: i % 2 === 0 ? `RF-${i}` : null,
  title: `Handover case ${i}: LTE to 5G at cell edge`,
  section: `Radio/Handover/Band ${i % 12}`,
  position: i,
  status: statusAt(i),
  assignee: i % 25 === 0 ? "Aiko" : null,
  note: i % 17 === 0 ? "RX level -92 dBm at the edge" : null,
  durationMs: statusAt(i) === "untested" ? null : 1_200 + (i % 50) * 10,
  updatedAt: iso(t0 + i * 1_000),
  updatedBy: statusAt(i) === "untested" ? null : "ci",
  version: statusAt(i) === "untested" ? 1 : 2,
});

const wallRun = (n: number): WallRun => {
  const statuses = Array.from({ length: 100 }, (_, i) => statusAt(i));
  return {
    ...summary(n, countsFor(statuses)),
    failures: Array.from({ length: 4 }, (_, i) => ({
      id: ulid("01JITEM", n * 100 + i * 17),
      title: `Handover case ${i * 17}: LTE to 5G at cell edge`,
      section: "Radio/Handover",
      at: t0 + i * 60_000,
      by: "ci",
    })),
    testers: [
      { name: "ci", at: t0 + 600_000 },
      { name: "Aiko", at: t0 + 300_000 },
    ],
    lastActivityAt: t0 + 600_000,
    progress: Array.from({ length: 12 }, (_, i) => ({ at: t0 + i * 150_000, done: 20 + i * 4, failed: 1 + (i >> 2) })),
  };
};

const runDetail = (items: number): TestRunDetail => {
  const all = Array.from({ length: items }, (_, i) => item(ulid("01JRUN", 1), i));
  return { ...summary(1, countsFor(all.map((i) => i.status))), items: all };
};

const text = (event: TypedEvent): string => JSON.stringify(event);

export const wallSnapshotText = (runs: number): string =>
  text({
    seq: 120_000,
    type: "snapshot",
    testRunId: "*",
    data: { runs: Array.from({ length: runs }, (_, n) => wallRun(n)) },
    timestamp: iso(t0 + 3_600_000),
  });

export const runSnapshotText = (items: number): string =>
  text({
    seq: 120_000,
    type: "snapshot",
    testRunId: ulid("01JRUN", 1),
    data: { runs: [runDetail(items)] },
    timestamp: iso(t0 + 3_600_000),
  });

/** A CI job's results for N items of one run, as the stream sends the import. */
export const bulkImportText = (results: number): string => {
  const runId = ulid("01JRUN", 1);
  const statuses: ItemStatus[] = Array.from({ length: results }, () => "untested");
  const events: BatchPart[] = Array.from({ length: results }, (_, i) => {
    const recorded: TestItem = { ...item(runId, i), status: i % 17 === 0 ? "failed" : "passed", updatedBy: "ci" };
    statuses[i] = recorded.status;
    return {
      type: "item_updated",
      itemId: recorded.id,
      data: { item: recorded, counts: countsFor(statuses), previousStatus: "untested" },
    };
  });
  return text({ seq: 120_001, type: "batch", testRunId: runId, data: { events }, timestamp: iso(t0 + 3_600_000) });
};

export interface WireMessage {
  readonly name: string;
  readonly text: () => string;
}

/** The sizes the boards must take: walls of 1,000–10,000 runs, runs of 2,000–5,000 items, the largest import. */
export const wireMessages: ReadonlyArray<WireMessage> = [
  { name: "wall snapshot, 1,000 runs", text: () => wallSnapshotText(1_000) },
  { name: "wall snapshot, 10,000 runs", text: () => wallSnapshotText(10_000) },
  { name: "run snapshot, 2,000 items", text: () => runSnapshotText(2_000) },
  { name: "run snapshot, 5,000 items", text: () => runSnapshotText(5_000) },
  { name: "bulk import, 10,000 results", text: () => bulkImportText(10_000) },
];
