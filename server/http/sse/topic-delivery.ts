import type { Published } from "../../application/ports/sse-broadcaster.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import type { StreamConnection } from "./stream-registry.ts";

/** Writes a chunk to a connection, or cuts it (slow client); false when it is gone. */
export type ChunkWriter = (connection: StreamConnection, chunk: Uint8Array) => boolean;

/** One stream on a topic: the connection it writes to and which of the topic's events it shows. */
export interface TopicMember {
  readonly connection: StreamConnection;
  /** Null: every event of the topic (a run's stream, `?all=1`); a run list checks each event. */
  accepts: ((event: StreamEvent) => boolean) | null;
  /**
   * Events that reached the topic while the stream was still sending its snapshot or replay, in
   * order; null once the stream is live. They are written (above the seq already sent) when it
   * goes live, so the hand-over from the log to the topic has no gap and no repeat.
   */
  pending: Published[] | null;
}

const concatFrames = (frames: ReadonlyArray<Uint8Array>): Uint8Array | undefined => {
  if (frames.length <= 1) return frames[0];
  return Buffer.concat(frames);
};

/** The frames of `batch` this member has not been sent and shows, as one chunk; moves its `lastSent`. */
export const memberChunk = (member: TopicMember, batch: ReadonlyArray<Published>): Uint8Array | undefined => {
  const connection = member.connection;
  const frames: Uint8Array[] = [];
  for (const published of batch) {
    if (published.event.seq <= connection.lastSent) continue;
    if (member.accepts !== null && !member.accepts(published.event)) continue;
    connection.lastSent = published.event.seq;
    frames.push(published.frame);
  }
  return concatFrames(frames);
};

/**
 * Hands one batch of a topic (in seq order) to its members: a member still starting keeps it for
 * later; every live member that takes the whole batch gets the same chunk, joined once for all of
 * them; the others (a run list, or a member that was already sent part of it) get their own.
 */
export const deliverBatch = (
  members: Iterable<TopicMember>,
  batch: ReadonlyArray<Published>,
  write: ChunkWriter,
): void => {
  const first = batch[0];
  const last = batch[batch.length - 1];
  if (first === undefined || last === undefined) return;
  let shared: Uint8Array | undefined;
  for (const member of members) {
    if (member.pending !== null) {
      for (const published of batch) member.pending.push(published);
      continue;
    }
    const connection = member.connection;
    if (member.accepts === null && connection.lastSent < first.event.seq) {
      shared ??= concatFrames(batch.map((published) => published.frame));
      connection.lastSent = last.event.seq;
      if (shared !== undefined) write(connection, shared);
      continue;
    }
    const chunk = memberChunk(member, batch);
    if (chunk !== undefined) write(connection, chunk);
  }
};

/**
 * A starting member goes live: what reached the topic meanwhile is written above the seq its
 * snapshot or replay reached (each event once), and later batches are written as they come.
 * False when the connection is gone.
 */
export const goLive = (member: TopicMember, write: ChunkWriter): boolean => {
  const pending = member.pending ?? [];
  member.pending = null;
  member.connection.started = true;
  const chunk = memberChunk(member, pending);
  return chunk === undefined || write(member.connection, chunk);
};
