import { Cause, Effect, Exit, type Fiber, PubSub } from "effect";
import { type Published, SSEBroadcaster, type Topic } from "../../application/ports/sse-broadcaster.ts";
import { type ChunkWriter, deliverBatch, goLive, type TopicMember } from "./topic-delivery.ts";

/** Runs a consumer's program (the app's runtime, which holds the hub). */
export type ForkConsumer = (program: Effect.Effect<void, never, SSEBroadcaster>) => Fiber.Fiber<void>;

interface Consumer {
  readonly key: string;
  readonly members: Set<TopicMember>;
  /** Set once the hub subscription exists: what is published from then on reaches the members. */
  ready: boolean;
  readonly waiters: Array<() => void>;
  stop: () => void;
}

export interface TopicFanoutOptions {
  readonly fork: ForkConsumer;
  readonly write: ChunkWriter;
  /** A consumer that ended by itself (never expected): its members are ended, they resume from the log. */
  readonly lost: (members: ReadonlyArray<TopicMember>, cause: string) => void;
}

const keyOf = (topic: Topic): string => (topic._tag === "all" ? "*" : `run:${topic.runId}`);

/**
 * One consumer per topic (a run, or every run), not one per stream: it holds the topic's one hub
 * subscription and writes each batch of events to every stream on the topic, framed once. A stream
 * is an entry in a set while it is idle — no fiber, no scope, no subscription of its own. The
 * consumer starts with the topic's first stream and stops with its last.
 */
export const makeTopicFanout = (options: TopicFanoutOptions) => {
  const consumers = new Map<string, Consumer>();
  const topicOf = new WeakMap<TopicMember, Consumer>();
  let subscriptions = 0;

  const start = (topic: Topic, key: string): Consumer => {
    const consumer: Consumer = { key, members: new Set(), ready: false, waiters: [], stop: () => undefined };
    consumers.set(key, consumer);
    const program = Effect.scoped(
      Effect.gen(function* () {
        const hub = yield* SSEBroadcaster;
        const subscription = yield* hub.subscribe(topic);
        consumer.ready = true;
        for (const wake of consumer.waiters.splice(0)) wake();
        return yield* consume(subscription, consumer);
      }),
    );
    const fiber = options.fork(program);
    consumer.stop = () => fiber.interruptUnsafe();
    fiber.addObserver((exit) => {
      if (consumers.get(key) === consumer) consumers.delete(key);
      if (consumer.members.size === 0) return;
      const members = [...consumer.members];
      for (const member of members) drop(member);
      options.lost(members, Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "ended");
    });
    return consumer;
  };

  /** Takes everything queued since the last wake-up and writes it: a plain loop, nothing kept between batches. */
  const consume = (subscription: PubSub.Subscription<Published>, consumer: Consumer): Effect.Effect<never> => {
    const take = PubSub.takeAll(subscription);
    const loop: Effect.Effect<never> = Effect.flatMap(take, (batch) => {
      deliverBatch(consumer.members, batch, options.write);
      return loop;
    });
    return loop;
  };

  const drop = (member: TopicMember): Consumer | undefined => {
    const consumer = topicOf.get(member);
    if (consumer === undefined) return undefined;
    topicOf.delete(member);
    if (consumer.members.delete(member)) subscriptions -= 1;
    return consumer;
  };

  return {
    /**
     * Puts a stream on its topic, starting in the "pending" state, and waits until the topic's hub
     * subscription exists: every event published after this returns reaches the member, so the
     * caller reads the log (state or replay) only after it.
     */
    join: (topic: Topic, member: TopicMember): Effect.Effect<void> =>
      Effect.callback<void>((resume) => {
        const key = keyOf(topic);
        const consumer = consumers.get(key) ?? start(topic, key);
        if (topicOf.get(member) !== consumer) {
          drop(member);
          consumer.members.add(member);
          topicOf.set(member, consumer);
          subscriptions += 1;
        }
        if (consumer.ready) {
          resume(Effect.void);
          return;
        }
        const wake = () => resume(Effect.void);
        consumer.waiters.push(wake);
        return Effect.sync(() => {
          const at = consumer.waiters.indexOf(wake);
          if (at >= 0) consumer.waiters.splice(at, 1);
        });
      }),
    /** Writes what the member missed while starting, then everything as it comes. False when it is gone. */
    goLive: (member: TopicMember): boolean => goLive(member, options.write),
    /** Takes a stream off its topic; the topic's consumer stops with its last stream. */
    leave: (member: TopicMember): void => {
      const consumer = drop(member);
      if (consumer === undefined || consumer.members.size > 0) return;
      if (consumers.get(consumer.key) === consumer) consumers.delete(consumer.key);
      consumer.stop();
    },
    stats: () => ({ subscriptions, topics: consumers.size }),
  };
};

export type TopicFanout = ReturnType<typeof makeTopicFanout>;
