import { useEffect, useState } from "react";
import type { ApiClient } from "../../shared/api/api-client.ts";
import { type ActivityEntry, activityLimits, activityOf, foldBatches } from "../../shared/live/activity.ts";
import { appendPoint, type ProgressPoint, thinPoints } from "../../shared/live/progress-series.ts";
import type { LiveStore } from "../../shared/live/live-store.ts";
import { liveEventsOf, type TestItem, toWireEvent } from "../../shared/live/wire.ts";

export interface RunHistory {
  readonly points: ReadonlyArray<ProgressPoint>;
  /** Newest seq read from the log: the live stream extends the chart after it. */
  readonly lastSeq: number;
  readonly loading: boolean;
}

const pageSize = 5_000;
/** Enough for a very long run; beyond it the chart starts later rather than the page hanging. */
const maxPages = 60;
const maxPoints = 2_000;

interface EventsPage {
  readonly events: ReadonlyArray<unknown>;
  readonly next: number | null;
}

/**
 * Reads a run's event log page by page (`after` / `next`) into a bounded progress curve, and
 * seeds the activity feed with the newest lines of it.
 */
export const useRunHistory = (runId: string, api: ApiClient, store: LiveStore, generation: number): RunHistory => {
  const [history, setHistory] = useState<RunHistory>({ points: [], lastSeq: 0, loading: true });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stream generation (snapshot or reset) must reload the log
  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      let points: ReadonlyArray<ProgressPoint> = [];
      let feed: ActivityEntry[] = [];
      const items = new Map<string, TestItem>();
      const titleOf = (_run: string, itemId: string) => items.get(itemId)?.title ?? null;
      let after = 0;
      let lastSeq = 0;
      for (let page = 0; page < maxPages; page++) {
        const body = await api.get<EventsPage>(
          `/api/test-runs/${encodeURIComponent(runId)}/events?after=${after}&limit=${pageSize}`,
          controller.signal,
        );
        let collected: ReadonlyArray<ProgressPoint> = [];
        for (const raw of body.events) {
          const wire = toWireEvent(raw);
          if (wire === null) continue;
          lastSeq = Math.max(lastSeq, wire.seq);
          const lines: ActivityEntry[] = [];
          for (const event of liveEventsOf(wire)) {
            const previous = event.kind === "item_updated" ? items.get(event.item.id) : undefined;
            const line = activityOf(event, previous, titleOf);
            if (line !== null) lines.push(line);
            if (event.kind === "run_created") {
              for (const item of event.run.items) items.set(item.id, item);
              collected = appendPoint(
                collected,
                { seq: event.seq, at: event.at, done: 0, failed: 0, total: event.run.counts.total, results: 0 },
                Number.POSITIVE_INFINITY,
              );
            } else if (event.kind === "items_added" || event.kind === "item_updated") {
              if (event.kind === "items_added") for (const item of event.items) items.set(item.id, item);
              else items.set(event.item.id, event.item);
              const c = event.counts;
              // A batch's parts share its seq: one bulk point (the ETA never takes it as pace).
              collected = appendPoint(
                collected,
                {
                  seq: event.seq,
                  at: event.at,
                  done: c.passed + c.failed + c.blocked + c.skipped,
                  failed: c.failed,
                  total: c.total,
                  results: event.kind === "item_updated" ? 1 : 0,
                },
                Number.POSITIVE_INFINITY,
              );
            }
          }
          feed.push(...foldBatches(lines));
        }
        points = [...points, ...collected];
        while (points.length > maxPoints) points = thinPoints(points, maxPoints);
        if (feed.length > activityLimits.activity * 2) feed = feed.slice(-activityLimits.activity);
        if (body.next === null) break;
        after = body.next;
      }
      store.seedActivity(feed.slice(-activityLimits.activity));
      setHistory({ points, lastSeq, loading: false });
    };
    setHistory((current) => ({ ...current, loading: true }));
    load().catch((error: unknown) => {
      if (controller.signal.aborted) return;
      // The chart then starts from the live points; the board itself is unaffected.
      console.warn("could not read the run's event log", error);
      setHistory((current) => ({ ...current, loading: false }));
    });
    return () => controller.abort();
  }, [runId, api, store, generation]);
  return history;
};
