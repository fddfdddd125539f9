import type { Comment } from "../../../../server/domain/comment.ts";
import { countStatuses } from "../../../../server/domain/run-counts.ts";
import type { ItemStatus, TestItem } from "../../../../server/domain/test-item.ts";
import type { TestRunDetail } from "../../../../server/domain/test-run.ts";
import { addEvents, type ReportModel, type RunEvent, reportModel } from "../../../../cli/export/report-model.ts";

/** A run as the API answers it: two sections, every status, hostile text in the places people type. */

export const runId = "run-1";
export const minuteIso = (minute: number): string => new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString();

export const itemOf = (n: number, status: ItemStatus, overrides: Partial<TestItem> = {}): TestItem => ({
  id: `item-${n}`,
  runId,
  key: `suite.Login.case_${n}`,
  title: `Case ${n}`,
  section: n % 2 === 0 ? "Radio/Handover" : "Login",
  position: n,
  status,
  assignee: null,
  note: null,
  durationMs: status === "untested" ? null : 1_500 * n,
  updatedAt: minuteIso(10 + n),
  updatedBy: status === "untested" ? null : "Aiko",
  version: 1,
  ...overrides,
});

export const hostile = '<script>alert("x")</script>';

export const fixtureItems: ReadonlyArray<TestItem> = [
  itemOf(1, "passed"),
  itemOf(2, "failed", { title: `Handover ${hostile}`, note: `Dropped call\n${hostile} & more`, assignee: "Ken" }),
  itemOf(3, "blocked", { note: '=HYPERLINK("http://evil")', key: "NoDotKey" }),
  itemOf(4, "skipped", { note: "not on this build" }),
  itemOf(5, "retest"),
  itemOf(6, "untested", { title: '+1, "quoted", comma', key: null }),
  itemOf(7, "passed", { title: "@SUM(A1)", section: "Login", key: "-negative.key" }),
  itemOf(8, "failed", { title: "tab\tand\u0001control", section: "" }),
];

export const fixtureRun = (items: ReadonlyArray<TestItem> = fixtureItems): TestRunDetail => ({
  id: runId,
  name: `Release 2.4 ${hostile}`,
  description: "Nightly regression",
  labels: { build: "2.4.1", "<b>": "<i>" },
  status: "running",
  createdAt: minuteIso(0),
  startedAt: minuteIso(5),
  completedAt: null,
  updatedAt: minuteIso(30),
  version: 3,
  counts: countStatuses(items.map((i) => i.status)),
  items,
});

export const fixtureComments: ReadonlyArray<Comment> = [
  { id: "c2", runId, itemId: "item-2", author: "Ken", body: `Seen twice ${hostile}`, createdAt: minuteIso(14) },
  { id: "c1", runId, itemId: "item-2", author: "Aiko", body: "First seen on unit 3", createdAt: minuteIso(13) },
  { id: "c3", runId, itemId: null, author: "Lead <lead>", body: "Run comment <u>", createdAt: minuteIso(20) },
];

const counts = (done: Partial<Record<ItemStatus, number>>, total = 8) => {
  const c = { untested: 0, passed: 0, failed: 0, blocked: 0, skipped: 0, retest: 0, ...done };
  const used = c.passed + c.failed + c.blocked + c.skipped + c.retest;
  return { total, ...c, untested: total - used };
};

/** The log: created, two results by people, a CI batch of three, a comment (no point), one more result. */
export const fixtureEvents = (): ReadonlyArray<RunEvent> => {
  const run = fixtureRun(fixtureItems.map((i) => ({ ...i, status: "untested" as const })));
  const updated = (seq: number, minute: number, item: TestItem, c: ReturnType<typeof counts>): RunEvent => ({
    seq,
    type: "item_updated",
    testRunId: runId,
    itemId: item.id,
    data: { item, counts: c, previousStatus: "untested" },
    timestamp: minuteIso(minute),
  });
  const items = fixtureItems;
  const at = (i: number) => items[i] as TestItem;
  return [
    { seq: 1, type: "run_created", testRunId: runId, data: { run }, timestamp: minuteIso(0) },
    updated(2, 11, at(0), counts({ passed: 1 })),
    updated(3, 12, at(1), counts({ passed: 1, failed: 1 })),
    {
      seq: 4,
      type: "batch",
      testRunId: runId,
      data: {
        events: [
          {
            type: "item_updated",
            itemId: "item-3",
            data: { item: at(2), counts: counts({ passed: 1, failed: 1, blocked: 1 }), previousStatus: "untested" },
          },
          {
            type: "item_updated",
            itemId: "item-4",
            data: {
              item: at(3),
              counts: counts({ passed: 1, failed: 1, blocked: 1, skipped: 1 }),
              previousStatus: "untested",
            },
          },
          {
            type: "item_updated",
            itemId: "item-7",
            data: {
              item: at(6),
              counts: counts({ passed: 2, failed: 1, blocked: 1, skipped: 1 }),
              previousStatus: "untested",
            },
          },
        ],
      },
      timestamp: minuteIso(15),
    },
    {
      seq: 5,
      type: "comment_added",
      testRunId: runId,
      data: { comment: fixtureComments[0] as Comment },
      timestamp: minuteIso(16),
    },
    updated(6, 18, at(7), counts({ passed: 2, failed: 2, blocked: 1, skipped: 1 })),
    // Another run's event in the same page is not this run's progress.
    { seq: 7, type: "run_deleted", testRunId: "other", data: { id: "other" }, timestamp: minuteIso(19) },
  ];
};

export const fixtureModel = (overrides: { readonly items?: ReadonlyArray<TestItem> } = {}): ReportModel =>
  reportModel({
    run: fixtureRun(overrides.items),
    comments: fixtureComments,
    progress: addEvents([], runId, fixtureEvents()),
    generatedAt: minuteIso(40),
    generatorVersion: "9.9.9",
    server: { url: "http://lab.example:4310", labName: "Lab 3 <QA>", version: "9.9.8" },
  });
