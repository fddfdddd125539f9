import { Cause, Effect, Exit, PubSub } from "effect";
import type { FastifyReply, FastifyRequest } from "fastify";
import { openEventStream, type StreamStart, type StreamTarget } from "../../application/usecases/open-event-stream.ts";
import { encodeEventFrame, encodeRetry } from "../../domain/sse-wire.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import type { Published } from "../../application/ports/sse-broadcaster.ts";
import { HttpError, sendError } from "../api-error.ts";
import type { HttpContext } from "../http-context.ts";
import type { StreamConnection } from "./stream-registry.ts";

/** The seed's headers; never compressed, never buffered by a proxy. */
export const eventStreamHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const framesOf = (events: ReadonlyArray<StreamEvent>): Buffer => Buffer.concat(events.map(encodeEventFrame));

/**
 * Serves one SSE connection: subscribe, then the snapshot (or the replay from Last-Event-ID),
 * then the buffered and live events, each exactly once and in seq order. Ends when the socket
 * closes, when the client falls too far behind, or on shutdown.
 */
export const serveEventStream = (
  ctx: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  target: StreamTarget,
  lastEventId: string | undefined,
): void => {
  const admission = ctx.streams.admit(request.ip);
  if (admission.ok && !ctx.startGate.canQueue()) {
    sendError(
      reply,
      new HttpError(503, "server_busy", "The lab server is loading history for many screens; try again shortly", {
        headers: { "retry-after": "5" },
      }),
    );
    return;
  }
  if (!admission.ok) {
    sendError(
      reply,
      new HttpError(admission.status, admission.status === 429 ? "too_many_streams" : "server_busy", admission.reason, {
        headers: { "retry-after": String(admission.retryAfter) },
      }),
    );
    return;
  }
  reply.hijack();
  const res = reply.raw;
  // Only these outlive the handler: a closure holding request or reply would keep Fastify's
  // Request, Reply and their logger alive for as long as the stream is open.
  const ip = request.ip;
  const log = request.log;
  res.writeHead(200, eventStreamHeaders);
  res.socket?.setNoDelay(true);
  const connection: StreamConnection = { ip, res, lastSent: 0, started: false, stop: () => undefined };
  ctx.streams.add(connection);
  // Jittered retry: after a server restart the walls come back spread out, not all at once.
  ctx.streams.write(connection, encodeRetry(1_000 + Math.random() * 2_000));

  const program = Effect.scoped(
    Effect.flatMap(startStream(ctx, connection, target, lastEventId), (live) => {
      if (live === undefined) return Effect.void;
      connection.started = true;
      return forwardLive(ctx, connection, live);
    }),
  );

  const fiber = ctx.runtime.runFork(program);
  connection.stop = () => fiber.interruptUnsafe();
  res.on("close", () => ctx.streams.close(connection));
  fiber.addObserver((exit) => {
    if (Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)) {
      log.warn({ cause: Cause.pretty(exit.cause) }, "event stream ended with an error");
    }
    ctx.streams.close(connection);
  });
};

interface LiveStream {
  readonly subscription: PubSub.Subscription<Published>;
  readonly accepts: ((event: StreamEvent) => boolean) | null;
}

/**
 * Waits until the socket's buffer is empty. False when it is not within `stallMs` (a client that
 * stopped reading) or the socket closed: the stream is then cut off, and it resumes from the log.
 */
const drained = (res: StreamConnection["res"], stallMs: number) =>
  Effect.callback<boolean>((resume) => {
    // Every outcome resumes on a later turn of the event loop: a write can complete inside the
    // 'drain' chain of the one before (loopback often does), and pages would then follow each
    // other without other requests (a health check, a tester's result) ever being served.
    let turn: ReturnType<typeof setImmediate> | undefined;
    const settle = (ok: boolean) => {
      clear();
      turn = setImmediate(() => resume(Effect.succeed(ok && !res.destroyed && !res.writableEnded)));
    };
    const onDrain = () => settle(true);
    const onClose = () => settle(false);
    const timer = res.writableNeedDrain ? setTimeout(onClose, stallMs) : undefined;
    const clear = () => {
      clearTimeout(timer);
      res.off("drain", onDrain);
      res.off("close", onClose);
    };
    if (timer === undefined) settle(true);
    else {
      res.once("drain", onDrain);
      res.once("close", onClose);
    }
    return Effect.sync(() => {
      clear();
      if (turn !== undefined) clearImmediate(turn);
    });
  });

/**
 * Subscribes, then writes the snapshot (or the replay from Last-Event-ID) one bounded page at a
 * time, each only once the client has read the one before: memory stays a page per stream
 * whatever the log's size. Holds a start permit meanwhile. Returns only what the live phase
 * needs, so the snapshot is garbage once written. Undefined when the connection is gone.
 */
const startStream = (
  ctx: HttpContext,
  connection: StreamConnection,
  target: StreamTarget,
  lastEventId: string | undefined,
) =>
  Effect.gen(function* () {
    const stallMs = ctx.streams.limits.stallMs;
    // No span: a tracing span would stay referenced by the subscription's finalizer for the
    // whole life of the connection (≈1 KB each), and nothing exports spans here.
    const opened = yield* openEventStream(target, lastEventId, { maxReplayEvents: ctx.config.maxReplayEvents }).pipe(
      Effect.withTracerEnabled(false),
    );
    if (opened.start._tag === "state") {
      const state = ctx.snapshots.get(opened.start.key, opened.start.seq) ?? (yield* loadState(ctx, opened.start));
      connection.lastSent = state.seq;
      if (!ctx.streams.write(connection, state.frame)) return undefined;
      // A big snapshot in flight is not a client falling behind: wait for it to be read.
      if (!(yield* drained(connection.res, stallMs))) return cutOff(ctx, connection);
    } else {
      connection.lastSent = opened.start.after;
      for (;;) {
        const page = yield* opened.replayPage(connection.lastSent);
        const last = page.events[page.events.length - 1];
        if (last === undefined) break;
        if (!ctx.streams.write(connection, framesOf(page.events))) return undefined;
        connection.lastSent = last.seq;
        if (!(yield* drained(connection.res, stallMs))) return cutOff(ctx, connection);
        if (!page.more) break;
      }
    }
    const live: LiveStream = { subscription: opened.subscription, accepts: opened.accepts };
    return live;
  }).pipe((start) => ctx.startGate.withPermit(start));

/** Builds a state and, when nothing was written meanwhile, keeps it for the next connection. */
const loadState = (ctx: HttpContext, start: Extract<StreamStart, { _tag: "state" }>) =>
  Effect.map(start.load, (event) => {
    const state = { seq: event.seq, frame: encodeEventFrame(event) };
    if (event.seq === start.seq) ctx.snapshots.put(start.key, state);
    return state;
  });

/** A client that stopped reading its snapshot or replay: closed at once, it resumes from the log. */
const cutOff = (ctx: HttpContext, connection: StreamConnection): undefined => {
  ctx.streams.remove(connection);
  connection.res.destroy();
  return undefined;
};

/** The frames of a batch not sent yet (seq above the last sent), as one chunk; undefined if none. */
const chunkOf = (
  connection: StreamConnection,
  live: LiveStream,
  batch: ReadonlyArray<Published>,
): Uint8Array | undefined => {
  let frames: Uint8Array | Uint8Array[] | undefined;
  for (const published of batch) {
    if (published.event.seq <= connection.lastSent) continue;
    if (live.accepts !== null && !live.accepts(published.event)) continue;
    connection.lastSent = published.event.seq;
    if (frames === undefined) frames = published.frame;
    else if (Array.isArray(frames)) frames.push(published.frame);
    else frames = [frames, published.frame];
  }
  return Array.isArray(frames) ? Buffer.concat(frames) : frames;
};

/**
 * Buffered, then live events, each once, one write per wake-up (everything queued since the
 * last one goes out together). A plain loop of effects, not a generator: it runs for as long as
 * the connection lives, and nothing of a batch stays referenced while it waits.
 */
const forwardLive = (ctx: HttpContext, connection: StreamConnection, live: LiveStream): Effect.Effect<void> => {
  const take = PubSub.takeAll(live.subscription);
  const loop: Effect.Effect<void> = Effect.flatMap(take, (batch) =>
    writeChunk(ctx, connection, chunkOf(connection, live, batch)) ? loop : Effect.void,
  );
  return loop;
};

const writeChunk = (ctx: HttpContext, connection: StreamConnection, chunk: Uint8Array | undefined): boolean =>
  chunk === undefined || ctx.streams.write(connection, chunk);
