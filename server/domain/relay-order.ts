/**
 * The ordering rule of an instance's relay (infrastructure/adapters/relay/): events reach it from
 * its own writes, from the fan-out (Redis) and from the event log, in any order and any number of
 * times; it forwards each seq exactly once, in seq order, with no gap. Pure: the relay keeps the
 * state and does what a step says (forward these, read the log from here).
 *
 * It relies on the log's guarantee: seq is global and gap-free, and commit order is seq order, so
 * once an event with seq N is known to exist, every event below N is committed and readable.
 */

/** Anything with a place in the event log. */
export interface Sequenced {
  readonly seq: number;
}

export interface RelayOrder<E extends Sequenced> {
  /** Every seq up to this one was forwarded (or is gone from the log), each once, in order. */
  readonly last: number;
  /** The highest seq known to exist: arrived, or seen as the log's end. At least `last`. */
  readonly highest: number;
  /** Events past a gap, waiting for it to close: sorted by seq, one per seq, all above last + 1. */
  readonly held: ReadonlyArray<E>;
}

/** Seqs known to exist but not forwarded: (after, through], to be read from the log. */
export interface Missing {
  readonly after: number;
  readonly through: number;
}

/** Seqs the log no longer holds (pruned): (after, before), skipped without being forwarded. */
export interface Skipped {
  readonly after: number;
  readonly before: number;
}

export interface Step<E extends Sequenced> {
  readonly order: RelayOrder<E>;
  /** Forward these now, in this order. */
  readonly forward: ReadonlyArray<E>;
  /** Set when seqs are missing: read them from the log (held events wait meanwhile). */
  readonly missing: Missing | undefined;
}

export interface LogStep<E extends Sequenced> extends Step<E> {
  /** Ranges the log no longer holds. */
  readonly skipped: ReadonlyArray<Skipped>;
  /**
   * Held events the log does not have although it was read to its end: nothing committed can be
   * missing from a complete read, so these did not come from a commit. Dropped.
   */
  readonly discarded: ReadonlyArray<E>;
}

/** Nothing held: forwarding starts after `last` (the log's end when the relay starts). */
export const startAt = <E extends Sequenced>(last: number): RelayOrder<E> => ({ last, highest: last, held: [] });

export const missingOf = <E extends Sequenced>(order: RelayOrder<E>): Missing | undefined =>
  order.highest > order.last ? { after: order.last, through: order.highest } : undefined;

const stepOf = <E extends Sequenced>(order: RelayOrder<E>, forward: ReadonlyArray<E>): Step<E> => ({
  order,
  forward,
  missing: missingOf(order),
});

/** Forwards the held events that now follow `last` without a gap; keeps the rest held. */
const release = <E extends Sequenced>(
  last: number,
  held: ReadonlyArray<E>,
  forward: E[],
): { readonly last: number; readonly held: ReadonlyArray<E> } => {
  let next = last;
  let i = 0;
  while (i < held.length) {
    const event = held[i] as E;
    if (event.seq <= next) {
      i += 1;
      continue;
    }
    if (event.seq !== next + 1) break;
    forward.push(event);
    next = event.seq;
    i += 1;
  }
  return { last: next, held: i === 0 ? held : held.slice(i) };
};

/**
 * Events arrive (this instance's commits, or the fan-out's messages): what follows `last` without
 * a gap is forwarded now; a seq at or below `last`, or already held, is dropped (the first copy
 * wins); the rest is held until the gap closes, at most `maxHeld` of them (the lowest seqs: those
 * above are read from the log with the gap, as `highest` still counts them).
 */
export const arrive = <E extends Sequenced>(
  order: RelayOrder<E>,
  batch: ReadonlyArray<E>,
  maxHeld: number = Number.POSITIVE_INFINITY,
): Step<E> => {
  let highest = order.highest;
  for (const event of batch) if (event.seq > highest) highest = event.seq;
  const forward: E[] = [];
  // The usual case: nothing held and the batch follows on in order.
  if (order.held.length === 0) {
    let last = order.last;
    let i = 0;
    for (; i < batch.length; i++) {
      const event = batch[i] as E;
      if (event.seq <= last) continue;
      if (event.seq !== last + 1) break;
      forward.push(event);
      last = event.seq;
    }
    if (i === batch.length) return stepOf({ last, highest, held: [] }, forward);
  }
  const bySeq = new Map<number, E>();
  for (const event of order.held) bySeq.set(event.seq, event);
  for (const event of batch) if (event.seq > order.last && !bySeq.has(event.seq)) bySeq.set(event.seq, event);
  const sorted = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  forward.length = 0;
  const released = release(order.last, sorted, forward);
  const held = released.held.length > maxHeld ? released.held.slice(0, maxHeld) : released.held;
  return stepOf({ last: released.last, highest, held }, forward);
};

/**
 * The log's bounds were read: its end is known to exist. Seqs below its start (pruned) can never
 * be forwarded: they are skipped.
 */
export const observeBounds = <E extends Sequenced>(
  order: RelayOrder<E>,
  bounds: { readonly minSeq: number; readonly maxSeq: number },
): LogStep<E> => {
  const highest = Math.max(order.highest, bounds.maxSeq);
  if (bounds.minSeq - 1 <= order.last) {
    return { ...stepOf({ ...order, highest }, []), skipped: [], discarded: [] };
  }
  const skipped: Skipped = { after: order.last, before: bounds.minSeq };
  const forward: E[] = [];
  const released = release(bounds.minSeq - 1, order.held, forward);
  return {
    ...stepOf({ last: released.last, highest: Math.max(highest, released.last), held: released.held }, forward),
    skipped: [skipped],
    discarded: [],
  };
};

/**
 * A page of the log after `last` was read (oldest first). The log is the truth: its events are
 * forwarded, replacing held copies of the same seq, and a seq it skips is gone (pruned). When the
 * page reached the log's end (`complete`), everything committed up to the read is forwarded, so
 * what is still held did not come from a commit and is discarded, and nothing is missing any more.
 */
export const fromLog = <E extends Sequenced>(
  order: RelayOrder<E>,
  events: ReadonlyArray<E>,
  complete: boolean,
): LogStep<E> => {
  const forward: E[] = [];
  const skipped: Skipped[] = [];
  let last = order.last;
  for (const event of events) {
    if (event.seq <= last) continue;
    if (event.seq !== last + 1) skipped.push({ after: last, before: event.seq });
    forward.push(event);
    last = event.seq;
  }
  const released = release(last, order.held, forward);
  const highest = Math.max(order.highest, released.last);
  if (complete) {
    return {
      ...stepOf({ last: released.last, highest: released.last, held: [] }, forward),
      skipped,
      discarded: released.held,
    };
  }
  return { ...stepOf({ last: released.last, highest, held: released.held }, forward), skipped, discarded: [] };
};
