import type { Effect, PubSub, Scope, Stream } from "effect";
import { Context, Data } from "effect";
import type { StreamEvent } from "../../domain/stream-event.ts";

export class BroadcastError extends Data.TaggedError("BroadcastError")<{
  readonly message: string;
  readonly cause?: unknown;
}> {}

/** What a subscriber receives: the event and its SSE frame, serialized once for everyone. */
export interface Published {
  readonly event: StreamEvent;
  readonly frame: Uint8Array;
}

/** A topic is one run, or every run (walls showing the whole lab). */
export type Topic = { readonly _tag: "run"; readonly runId: string } | { readonly _tag: "all" };

export interface BroadcasterStats {
  readonly subscriptions: number;
  readonly topics: number;
}

export class SSEBroadcaster extends Context.Service<
  SSEBroadcaster,
  {
    /** Publish one committed event to its run's topic and to the all-runs topic. */
    readonly sendUpdate: (testRunId: string, update: StreamEvent) => Effect.Effect<void, BroadcastError>;
    /**
     * A scoped subscription: messages published after it returns are buffered until taken; closing
     * the scope unsubscribes (the topic is dropped with its last subscriber).
     */
    readonly subscribe: (topic: Topic) => Effect.Effect<PubSub.Subscription<Published>, never, Scope.Scope>;
    /** The seed's form of the same thing. */
    readonly subscribeToTestRun: (testRunId: string) => Stream.Stream<StreamEvent>;
    readonly stats: Effect.Effect<BroadcasterStats>;
  }
>()("medi-test/SSEBroadcaster") {}

export const runTopic = (runId: string): Topic => ({ _tag: "run", runId });
export const allTopic: Topic = { _tag: "all" };
