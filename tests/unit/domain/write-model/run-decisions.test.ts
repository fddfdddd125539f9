import { describe, expect, it } from "vitest";
import { InvalidTransition, NotFound, VersionConflict } from "../../../../server/domain/errors.ts";
import { type RunStatus, RunStatuses } from "../../../../server/domain/test-run.ts";
import type { Loaded } from "../../../../server/domain/write-model/decision.ts";
import {
  decideCreateRun,
  decideDeleteRun,
  decideRunStatus,
  decideRunUpdate,
  type NewRun,
  type RunPatch,
} from "../../../../server/domain/write-model/run-decisions.ts";
import { type RunState, runSummaryOf } from "../../../../server/domain/write-model/state.ts";
import {
  decodedStream,
  deepFrozen,
  earlier,
  earlierIso,
  failed,
  freshItem,
  loadedWith,
  loggedStream,
  noRun,
  now,
  nowIso,
  runId,
  runOf,
  saved,
  succeeded,
} from "../../../support/write-model-states.ts";

const finishedAt = earlier + 30_000;

/** A run-1 with two items (one passed), in `status` as a run in it would be: started, and finished when it is. */
const loadedIn = (status: RunStatus, version = 5): Loaded =>
  loadedWith(["passed", "untested"], {
    status,
    startedAt: status === "planned" ? null : earlier,
    completedAt: status === "completed" || status === "aborted" ? finishedAt : null,
    version,
  });

describe("decideCreateRun", () => {
  const input: NewRun = deepFrozen({
    id: "run-9",
    name: "Night build",
    description: "firmware 2.1",
    labels: { fw: "2.1" },
    items: [
      { id: "a", title: "Boots", section: "Power", key: "power.boots" },
      { id: "b", title: "Sleeps", section: "Power", key: null },
    ],
  });
  const counts = { total: 2, untested: 2, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0 };
  const item = (id: string, position: number, title: string, key: string | null) =>
    freshItem({ id, runId: "run-9", key, title, section: "Power", position });
  const itemStates = [
    { ...item("a", 0, "Boots", "power.boots"), updatedAt: now },
    { ...item("b", 1, "Sleeps", null), updatedAt: now },
  ];
  const detail = {
    id: "run-9",
    name: "Night build",
    description: "firmware 2.1",
    labels: { fw: "2.1" },
    status: "planned",
    createdAt: nowIso,
    startedAt: null,
    completedAt: null,
    updatedAt: nowIso,
    version: 1,
    counts,
    items: [
      { ...item("a", 0, "Boots", "power.boots"), updatedAt: nowIso },
      { ...item("b", 1, "Sleeps", null), updatedAt: nowIso },
    ],
  };

  it("inserts a planned run, version 1, with its untested items in the order given", () => {
    const decision = succeeded(decideCreateRun(input, now));
    expect(decision.value).toEqual(detail);
    expect(decision.changes).toEqual([
      {
        _tag: "RunInserted",
        run: {
          id: "run-9",
          name: "Night build",
          description: "firmware 2.1",
          labels: { fw: "2.1" },
          status: "planned",
          createdAt: now,
          startedAt: null,
          completedAt: null,
          updatedAt: now,
          version: 1,
          counts,
          nextPosition: 2,
        },
      },
      { _tag: "ItemsInserted", items: itemStates },
    ]);
  });

  it("tells boards with one run_created event carrying the run and its items", () => {
    const { events } = succeeded(decideCreateRun(input, now));
    expect(events).toEqual([{ type: "run_created", testRunId: "run-9", itemId: null, data: { run: detail }, at: now }]);
    expect(decodedStream(events)).toEqual(loggedStream(events));
  });

  it("creates a run without items with zero counts and the next item at position 0", () => {
    const decision = succeeded(decideCreateRun({ ...input, items: [] }, now));
    expect(decision.changes).toEqual([
      {
        _tag: "RunInserted",
        run: expect.objectContaining({ counts: { ...counts, total: 0, untested: 0 }, nextPosition: 0 }),
      },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });
});

describe("version checks on a run", () => {
  const loaded = loadedIn("running", 3);
  const edits = [
    ["decideRunUpdate", (expected: number | undefined) => decideRunUpdate(loaded, runId, { name: "B" }, expected, now)],
    ["decideRunStatus", (expected: number | undefined) => decideRunStatus(loaded, runId, "paused", expected, now)],
  ] as const;

  it.each(edits)("%s applies with the current version or none (the last write wins)", (_name, edit) => {
    for (const expected of [3, undefined]) expect(succeeded(edit(expected)).value.version).toBe(4);
  });

  it.each(edits.flatMap(([name, edit]) => [0, 2, 4].map((stale) => [name, stale, edit] as const)))(
    "%s with the stale version %i: VersionConflict carrying the current run",
    (_name, stale, edit) => {
      expect(failed(edit(stale))).toEqual(
        new VersionConflict({
          expectedVersion: stale,
          current: {
            id: runId,
            name: "Radio bench 3",
            description: null,
            labels: { bench: "3" },
            status: "running",
            createdAt: earlierIso,
            startedAt: earlierIso,
            completedAt: null,
            updatedAt: earlierIso,
            version: 3,
            counts: { total: 2, untested: 1, passed: 1, failed: 0, blocked: 0, skipped: 0, retest: 0 },
          },
        }),
      );
    },
  );

  it.each<[RunStatus, string]>([
    ["running", "the run's own status"],
    ["planned", "a refused move"],
  ])("checks the version first: a stale request for %s (%s) conflicts", (to) => {
    expect(failed(decideRunStatus(loaded, runId, to, 2, now))).toBeInstanceOf(VersionConflict);
  });
});

describe("missing run", () => {
  it.each([
    ["decideRunUpdate", () => decideRunUpdate(noRun, "run-x", { name: "B" }, undefined, now)],
    ["decideRunStatus", () => decideRunStatus(noRun, "run-x", "running", undefined, now)],
    ["decideDeleteRun", () => decideDeleteRun(noRun, "run-x", now)],
  ] as const)("%s fails with NotFound for the run", (_name, decide) => {
    expect(failed(decide())).toEqual(new NotFound({ entity: "run", id: "run-x" }));
  });
});

describe("decideRunUpdate", () => {
  const loaded = loadedWith(["passed"], { description: "old", version: 3 });
  const run = runOf(loaded);

  it.each<[string, RunPatch, Partial<RunState>]>([
    ["the name", { name: "Bench 4" }, { name: "Bench 4" }],
    ["the description", { description: "new" }, { description: "new" }],
    ["the description to none", { description: null }, { description: null }],
    ["all labels (replaced, not merged)", { labels: { site: "B" } }, { labels: { site: "B" } }],
    [
      "everything at once",
      { name: "Bench 4", description: null, labels: {} },
      { name: "Bench 4", description: null, labels: {} },
    ],
  ])("changes %s only, as a new version", (_what, patch, fields) => {
    const decision = succeeded(decideRunUpdate(loaded, runId, deepFrozen(patch), undefined, now));
    const updated: RunState = { ...run, ...fields, updatedAt: now, version: 4 };
    expect(decision.changes).toEqual([{ _tag: "RunSaved", run: updated }]);
    expect(decision.value).toEqual(runSummaryOf(updated));
    expect(decision.events).toEqual([
      { type: "run_updated", testRunId: runId, itemId: null, data: { run: runSummaryOf(updated) }, at: now },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });
});

describe("decideRunStatus", () => {
  /** run-status.ts as a table: the moves between different statuses it allows. */
  const allowed: Record<RunStatus, ReadonlyArray<RunStatus>> = {
    planned: ["running", "aborted"],
    running: ["paused", "completed", "aborted"],
    paused: ["running", "completed", "aborted"],
    completed: ["running"],
    aborted: ["running"],
  };
  const pairs = RunStatuses.flatMap((from) => RunStatuses.map((to) => [from, to] as const));
  const refused = pairs.filter(([from, to]) => from !== to && !allowed[from].includes(to));

  // from, to → startedAt, completedAt of a run loaded by `loadedIn(from)`.
  const moves: ReadonlyArray<readonly [RunStatus, RunStatus, number | null, number | null]> = [
    ["planned", "running", now, null],
    ["planned", "aborted", null, now],
    ["running", "paused", earlier, null],
    ["running", "completed", earlier, now],
    ["running", "aborted", earlier, now],
    ["paused", "running", earlier, null],
    ["paused", "completed", earlier, now],
    ["paused", "aborted", earlier, now],
    // Reopening keeps when the run started and clears when it finished.
    ["completed", "running", earlier, null],
    ["aborted", "running", earlier, null],
  ];

  it("moves through every allowed pair, and refuses every other pair of different statuses", () => {
    const named = (pair: readonly [RunStatus, RunStatus, ...unknown[]]) => `${pair[0]} → ${pair[1]}`;
    expect(moves.map(named)).toEqual(pairs.filter(([from, to]) => allowed[from].includes(to)).map(named));
    expect([moves.length, refused.length]).toEqual([10, 10]);
  });

  it.each(moves)("%s → %s is saved as a new version: started %s, completed %s", (from, to, startedAt, completedAt) => {
    const loaded = loadedIn(from);
    expect(allowed[from]).toContain(to);
    const decision = succeeded(decideRunStatus(loaded, runId, to, 5, now));
    const updated: RunState = { ...runOf(loaded), status: to, startedAt, completedAt, updatedAt: now, version: 6 };
    const summary = runSummaryOf(updated);
    expect(decision.value).toEqual(summary);
    expect(decision.changes).toEqual([{ _tag: "RunSaved", run: updated }]);
    expect(decision.events).toEqual([
      {
        type: "status_changed",
        testRunId: runId,
        itemId: null,
        data: { status: to, previousStatus: from, run: summary },
        at: now,
      },
    ]);
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it.each(refused)("%s → %s is refused with the moves that are allowed", (from, to) => {
    expect(failed(decideRunStatus(loadedIn(from), runId, to, undefined, now))).toEqual(
      new InvalidTransition({ from, to, allowed: allowed[from] }),
    );
  });

  it.each(RunStatuses)("%s → %s again changes nothing and tells nobody", (status) => {
    const loaded = loadedIn(status);
    const decision = succeeded(decideRunStatus(loaded, runId, status, 5, now));
    expect(decision).toEqual({ value: runSummaryOf(runOf(loaded)), changes: [], events: [] });
  });

  it("starts a run once and never moves startedAt; completedAt follows finishing and reopening", () => {
    const steps: ReadonlyArray<RunStatus> = ["running", "paused", "running", "completed", "running", "aborted"];
    const at = (step: number) => now + step * 1_000;
    let loaded = loadedIn("planned", 1);
    const seen = steps.map((to, step) => {
      const decision = succeeded(decideRunStatus(loaded, runId, to, step + 1, at(step)));
      loaded = saved(loaded, decision.changes);
      const { status, startedAt, completedAt, version } = decision.value;
      return [status, startedAt, completedAt, version];
    });
    const isoAt = (step: number) => new Date(at(step)).toISOString();
    expect(seen).toEqual([
      ["running", isoAt(0), null, 2],
      ["paused", isoAt(0), null, 3],
      ["running", isoAt(0), null, 4],
      ["completed", isoAt(0), isoAt(3), 5],
      ["running", isoAt(0), null, 6],
      ["aborted", isoAt(0), isoAt(5), 7],
    ]);
  });
});

describe("decideDeleteRun", () => {
  it("deletes the run and tells boards with run_deleted", () => {
    const decision = succeeded(decideDeleteRun(loadedIn("completed"), runId, now));
    expect(decision).toEqual({
      value: { id: runId },
      changes: [{ _tag: "RunDeleted", runId }],
      events: [{ type: "run_deleted", testRunId: runId, itemId: null, data: { id: runId }, at: now }],
    });
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });
});

describe("inputs", () => {
  it.each([
    ["decideRunUpdate", (loaded: Loaded) => decideRunUpdate(loaded, runId, { name: "B", labels: {} }, 5, now)],
    ["decideRunStatus", (loaded: Loaded) => decideRunStatus(loaded, runId, "completed", 5, now)],
    ["decideDeleteRun", (loaded: Loaded) => decideDeleteRun(loaded, runId, now)],
  ] as const)("%s leaves the loaded state as it was", (_name, decide) => {
    const loaded = loadedIn("running");
    const before = structuredClone(loaded);
    succeeded(decide(loaded));
    expect(loaded).toEqual(before);
  });
});
