import { Effect } from "effect";
import { stateEvent } from "../../domain/events.ts";
import { AllRuns, type StreamEvent } from "../../domain/stream-event.ts";
import { Clock } from "../ports/clock.ts";
import { allTopic, runTopic, type Topic } from "../ports/sse-broadcaster.ts";
import { type RunSelection, TestRunRepository } from "../ports/test-run-repository.ts";

/** What a stream shows: one run (the seed's per-run stream), a list of runs, or every run. */
export type StreamTarget =
  | { readonly _tag: "run"; readonly runId: string }
  | { readonly _tag: "runs"; readonly runIds: ReadonlyArray<string> }
  | { readonly _tag: "all" };

/** A replay page: at most this many events, and past the first, at most this many bytes of data. */
export const ReplayPage = { limit: 1_000, maxBytes: 256 * 1024 } as const;

export interface StreamOptions {
  /**
   * A client further behind than this many events gets a `reset` with a fresh state instead of
   * the replay: a wall back after a night away reads one snapshot, not a day of results.
   */
  readonly maxReplayEvents: number;
}

/**
 * How the connection starts: a fresh state, or the events missed since `after`. A state is read
 * by `load`; connections with the same `key` at the same `seq` get the same state, so a caller
 * may share one (many walls reconnecting at once build one snapshot, not one each).
 */
export type StreamStart =
  | { readonly _tag: "state"; readonly key: string; readonly seq: number; readonly load: Effect.Effect<StreamEvent> }
  | { readonly _tag: "replay"; readonly after: number };

/** A stream of one run (its own path, or `?runs=` with one id) carries every item of it. */
const showsItems = (target: StreamTarget): boolean =>
  target._tag === "run" || (target._tag === "runs" && target.runIds.length === 1);

const keyOf = (target: StreamTarget): string => {
  switch (target._tag) {
    case "run":
      return `run:${target.runId}`;
    case "runs":
      return `runs:${[...target.runIds].sort().join(",")}`;
    case "all":
      return "all";
  }
};

/** Parses a Last-Event-ID: a non-negative safe integer, or undefined for anything else. */
export const parseEventId = (raw: string | undefined): number | undefined => {
  if (raw === undefined || !/^\d{1,16}$/.test(raw.trim())) return undefined;
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) ? value : undefined;
};

const selectionOf = (target: StreamTarget): RunSelection => {
  switch (target._tag) {
    case "run":
      return { runIds: [target.runId] };
    case "runs":
      return { runIds: target.runIds };
    case "all":
      return { runIds: null };
  }
};

/**
 * A run list rides on the all-runs topic with a set lookup per event: walls are few, while the
 * per-run topics keep the many single-run subscribers free of other runs' traffic. One topic per
 * connection also keeps every connection's events in seq order.
 */
export const topicOf = (target: StreamTarget): Topic => {
  if (target._tag === "run") return runTopic(target.runId);
  if (target._tag === "runs" && target.runIds.length === 1 && target.runIds[0] !== undefined)
    return runTopic(target.runIds[0]);
  return allTopic;
};

const acceptsOf = (target: StreamTarget): ((event: StreamEvent) => boolean) | null => {
  if (target._tag !== "runs" || target.runIds.length === 1) return null;
  const wanted = new Set(target.runIds);
  return (event) => wanted.has(event.testRunId);
};

/**
 * Opens a gap-free stream: subscribe first (`subscribe` returns once every event published from
 * then on reaches the stream, which keeps them), then read the state or the missed events from
 * the log; the caller then writes what was kept, skipping seq already sent. A Last-Event-ID that
 * the log cannot serve (unknown, newer than the log, or pruned) gets a `reset` carrying a fresh
 * snapshot.
 */
export const openEventStream = Effect.fn("openEventStream")(function* (
  target: StreamTarget,
  lastEventId: string | undefined,
  options: StreamOptions,
  subscribe: (topic: Topic) => Effect.Effect<void>,
) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  if (target._tag === "run") yield* repo.getRunSummary(target.runId);

  yield* subscribe(topicOf(target));
  const selection = selectionOf(target);
  const requested = parseEventId(lastEventId);
  const bounds = yield* repo.eventBounds;

  const resumable =
    requested !== undefined &&
    requested >= bounds.minSeq - 1 &&
    requested <= bounds.maxSeq &&
    (yield* repo.countEventsAfter(requested, selection, options.maxReplayEvents)) <= options.maxReplayEvents;

  let start: StreamStart;
  if (resumable) {
    start = { _tag: "replay", after: requested };
  } else {
    const type = lastEventId === undefined ? "snapshot" : "reset";
    const load = Effect.gen(function* () {
      const now = clock.now();
      // One run's stream carries its items; a wall's (several runs, or all) what a wall shows.
      const snapshot = showsItems(target)
        ? yield* repo.snapshot(selection, now)
        : yield* repo.wallSnapshot(selection, now);
      const event: StreamEvent = stateEvent(
        snapshot.seq,
        type,
        target._tag === "run" ? target.runId : AllRuns,
        snapshot.runs,
        new Date(now).toISOString(),
      );
      return event;
    });
    start = { _tag: "state", key: `${type}:${keyOf(target)}`, seq: bounds.maxSeq, load };
  }
  return {
    start,
    accepts: acceptsOf(target),
    replayPage: (after: number) => repo.eventsAfter(after, selection, ReplayPage),
  };
});
