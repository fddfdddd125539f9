import { Cause, Clock, Effect, Option, Queue } from "effect";
import { EventLogReader } from "../../../application/ports/event-log-reader.ts";
import type { PageLimits } from "../../../application/ports/test-run-repository.ts";
import {
  arrive,
  fromLog,
  type LogStep,
  missingOf,
  observeBounds,
  type RelayOrder,
  type Step,
  startAt,
} from "../../../domain/relay-order.ts";
import type { StreamEvent } from "../../../domain/stream-event.ts";
import { LocalTopics } from "../memory-hub/local-topics.ts";
import { readFanoutMessage } from "./fanout-message.ts";

export interface RelayOptions {
  /** How often the log's end is compared with what was forwarded: silence, or no fan-out at all. */
  readonly pollMs: number;
  /**
   * How long a gap waits for the fan-out to bring what is missing before the log is read (another
   * instance's event may still be on its way when this instance's next one commits). 0: at once.
   */
  readonly gapGraceMs: number;
  /** Most events held past a gap; those above are read from the log with it. */
  readonly maxHeld?: number;
  /** One read of the log. */
  readonly page?: PageLimits;
  /** A log read slower than this fails, and is tried again at the next poll. */
  readonly readTimeoutMs?: number;
}

export const defaultPollMs = 1_000;

/** What reaches the relay, in the order it is taken. */
type Input =
  | { readonly _tag: "local"; readonly events: ReadonlyArray<StreamEvent> }
  | { readonly _tag: "fanout"; readonly message: string }
  | { readonly _tag: "check" };

/** An instance's relay, as its sources see it. Every method is synchronous and never throws. */
export interface Relay {
  /** This instance's committed events, in commit order (its EventSink). */
  readonly local: (events: ReadonlyArray<StreamEvent>) => void;
  /** One message of the fan-out, not yet decoded. */
  readonly fanout: (message: string) => void;
  /** Something may have been missed (the fan-out reconnected): compare with the log's end. */
  readonly check: () => void;
}

const everyRun = { runIds: null } as const;

/**
 * One relay per instance: the only way events reach this instance's hub topics. Every event of
 * every instance arrives here, from this instance's own commits, from the fan-out or from the log,
 * possibly twice, possibly out of order; it is delivered once, in seq order, without a gap
 * (domain/relay-order.ts). A gap is read from the log (`visible N ⇒ every seq below N is
 * committed`); so is whatever the log holds past the last forwarded seq at each poll, and after
 * each fan-out reconnect. One fiber takes the inputs in turn, so nothing else touches the order.
 */
export const makeRelay = (options: RelayOptions) =>
  Effect.gen(function* () {
    const reader = yield* EventLogReader;
    const topics = yield* LocalTopics;
    const maxHeld = options.maxHeld ?? 10_000;
    const page = options.page ?? { limit: 1_000, maxBytes: 1024 * 1024 };
    const readTimeoutMs = options.readTimeoutMs ?? 10_000;
    const inputs = yield* Queue.unbounded<Input>();
    yield* Effect.addFinalizer(() => Queue.shutdown(inputs));

    // Events committed before this instance started are read by each stream from the log.
    let order: RelayOrder<StreamEvent> = startAt((yield* reader.eventBounds).maxSeq);
    let readsFailing = false;

    const take = (step: Step<StreamEvent>): void => {
      order = step.order;
      if (step.forward.length > 0) topics.deliver(step.forward);
    };

    const takeFromLog = (step: LogStep<StreamEvent>) =>
      Effect.gen(function* () {
        take(step);
        for (const gone of step.skipped) {
          yield* Effect.logWarning(
            `relay: events ${gone.after + 1}–${gone.before - 1} left the log before this instance relayed them`,
          );
        }
        const first = step.discarded[0];
        const last = step.discarded[step.discarded.length - 1];
        if (first !== undefined && last !== undefined) {
          yield* Effect.logWarning(
            `relay: ${step.discarded.length} fan-out events the log does not hold were dropped (seq ${first.seq}–${last.seq})`,
          );
        }
      });

    /**
     * Takes a batch of inputs: their events in one step (one sort however long the batch is, while
     * a gap holds thousands); true when one asks for the log's end to be read.
     */
    const handle = (batch: ReadonlyArray<Input>) =>
      Effect.gen(function* () {
        let check = false;
        const events: StreamEvent[] = [];
        for (const input of batch) {
          if (input._tag === "local") {
            for (const event of input.events) events.push(event);
          } else if (input._tag === "fanout") {
            const message = readFanoutMessage(input.message, order.last);
            if (message._tag === "event") events.push(message.event);
            else if (message._tag === "bad") {
              check = true;
              yield* Effect.logWarning(`relay: a fan-out message was unreadable (${message.reason}); reading the log`);
            }
          } else check = true;
        }
        if (events.length > 0) take(arrive(order, events, maxHeld));
        return check;
      });

    /** Gives the fan-out a moment to close a gap before the log is read; true if a check came. */
    const waitForGap = Effect.gen(function* () {
      const deadline = (yield* Clock.currentTimeMillis) + options.gapGraceMs;
      while (missingOf(order) !== undefined) {
        const left = deadline - (yield* Clock.currentTimeMillis);
        if (left <= 0) return false;
        const more = yield* Effect.timeoutOption(Queue.takeAll(inputs), left);
        if (Option.isNone(more)) return false;
        if (yield* handle(more.value)) return true;
      }
      return false;
    });

    const timed = <A>(read: Effect.Effect<A>) => Effect.timeout(read, readTimeoutMs);

    /** Reads the log until nothing known is missing. */
    const catchUp = Effect.gen(function* () {
      for (;;) {
        const missing = missingOf(order);
        if (missing === undefined) return;
        const read = yield* timed(reader.eventsAfter(missing.after, everyRun, page));
        yield* Effect.logDebug(`relay: ${read.events.length} events read from the log after seq ${missing.after}`);
        yield* takeFromLog(fromLog(order, read.events, !read.more));
        if (!read.more) return;
      }
    });

    const turn = Effect.gen(function* () {
      let check = yield* handle(yield* Queue.takeAll(inputs));
      if (!check && options.gapGraceMs > 0 && missingOf(order) !== undefined) check = yield* waitForGap;
      if (check) yield* takeFromLog(observeBounds(order, yield* timed(reader.eventBounds)));
      yield* catchUp;
      if (readsFailing) {
        readsFailing = false;
        yield* Effect.logInfo("relay: reading the event log again");
      }
    }).pipe(
      Effect.catchCause((cause) => {
        if (Cause.hasInterruptsOnly(cause)) return Effect.failCause(cause);
        if (readsFailing) return Effect.void;
        readsFailing = true;
        return Effect.logError("relay: reading the event log failed; trying again at each poll", cause);
      }),
    );

    const offer = (input: Input): void => {
      Queue.offerUnsafe(inputs, input);
    };
    yield* Effect.forkScoped(Effect.forever(turn));
    yield* Effect.forkScoped(
      Effect.forever(
        Effect.andThen(
          Effect.sleep(options.pollMs),
          Effect.sync(() => offer({ _tag: "check" })),
        ),
      ),
    );

    const relay: Relay = {
      local: (events) => offer({ _tag: "local", events }),
      fanout: (message) => offer({ _tag: "fanout", message }),
      check: () => offer({ _tag: "check" }),
    };
    return relay;
  });
