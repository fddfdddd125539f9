/**
 * The JSON of an `item_updated` event as medi-test sends it (same keys, same sizes), for servers
 * that only relay what they are given (nchan): both sides carry the same payload.
 */
const statuses = ["passed", "failed", "blocked", "skipped", "retest"] as const;

const fakeId = (prefix: string, n: number): string =>
  `${prefix}${n
    .toString(36)
    .toUpperCase()
    .padStart(26 - prefix.length, "0")}`;

export const sampleEventJson = (seq: number, run: number, item: number, timestamp: string): string => {
  const runId = fakeId("01JRUN", run);
  const itemId = fakeId("01JITEM", run * 1_000 + item);
  const status = statuses[seq % statuses.length] ?? "passed";
  const event = {
    seq,
    type: "item_updated",
    testRunId: runId,
    itemId,
    data: {
      item: {
        id: itemId,
        runId,
        key: null,
        title: `Case ${item}`,
        section: "Bench",
        position: item,
        status,
        assignee: null,
        note: null,
        durationMs: null,
        updatedAt: timestamp,
        updatedBy: "admin",
        version: seq + 2,
      },
      counts: { total: 10, untested: 4, passed: 2, failed: 1, blocked: 1, skipped: 1, retest: 1 },
      previousStatus: "untested",
    },
    timestamp,
  };
  return JSON.stringify(event);
};
