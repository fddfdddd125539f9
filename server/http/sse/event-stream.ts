import type { ServerResponse } from "node:http";
import { Cause, Effect, Exit, type Fiber } from "effect";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { openEventStream, type StreamStart, type StreamTarget } from "../../application/usecases/open-event-stream.ts";
import { encodeEventFrame, encodeRetry } from "../../domain/sse-wire.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import { HttpError, sendError } from "../api-error.ts";
import type { HttpContext } from "../http-context.ts";
import type { StreamConnection } from "./stream-registry.ts";
import type { TopicMember } from "./topic-delivery.ts";

/** The seed's headers; never compressed, never buffered by a proxy. */
export const eventStreamHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
};

const framesOf = (events: ReadonlyArray<StreamEvent>): Buffer => Buffer.concat(events.map(encodeEventFrame));

/** Why a stream cannot open now (caps, the start gate's line, shutdown), or undefined. */
export const refusalOf = (ctx: HttpContext, ip: string): HttpError | undefined => {
  const admission = ctx.streams.admit(ip);
  if (admission.ok && !ctx.startGate.canQueue()) {
    return new HttpError(503, "server_busy", "The lab server is loading history for many screens; try again shortly", {
      headers: { "retry-after": "5" },
    });
  }
  if (!admission.ok) {
    return new HttpError(
      admission.status,
      admission.status === 429 ? "too_many_streams" : "server_busy",
      admission.reason,
      { headers: { "retry-after": String(admission.retryAfter) } },
    );
  }
  return undefined;
};

/** What a stream keeps of the request that opened it: nothing of Fastify's objects. */
export interface StreamOrigin {
  readonly ip: string;
  /** Hash of the stream's token, so that revoking the token ends it (revocation-sweep.ts). */
  readonly credential: string | null;
  readonly res: ServerResponse;
  readonly log: Pick<FastifyBaseLogger, "warn">;
}

/** Serves one SSE connection from a Fastify route: refused in the API's shape, or hijacked and started. */
export const serveEventStream = (
  ctx: HttpContext,
  request: FastifyRequest,
  reply: FastifyReply,
  target: StreamTarget,
  lastEventId: string | undefined,
  credential: string | null,
): void => {
  const refusal = refusalOf(ctx, request.ip);
  if (refusal !== undefined) {
    sendError(reply, refusal);
    return;
  }
  reply.hijack();
  startEventStream(ctx, { ip: request.ip, res: reply.raw, log: request.log, credential }, target, lastEventId);
};

/**
 * Starts an admitted SSE connection: join its topic, then the snapshot (or the replay from
 * Last-Event-ID) under a start permit, then live — each event exactly once and in seq order.
 * The start runs as a fiber; once live, the stream is an entry in its topic's set and needs none
 * (topic-fanout.ts). Ends when the socket closes, when the client falls too far behind, or on
 * shutdown.
 */
export const startEventStream = (
  ctx: HttpContext,
  origin: StreamOrigin,
  target: StreamTarget,
  lastEventId: string | undefined,
): void => {
  const { ip, res, log, credential } = origin;
  res.writeHead(200, eventStreamHeaders);
  res.socket?.setNoDelay(true);
  const connection: StreamConnection = { ip, res, credential, lastSent: 0, started: false, stop: () => undefined };
  const member: TopicMember = { connection, accepts: null, pending: [] };
  ctx.streams.add(connection);
  // Jittered retry: after a server restart the walls come back spread out, not all at once.
  ctx.streams.write(connection, encodeRetry(1_000 + Math.random() * 2_000));

  const fiber = ctx.runtime.runFork(startStream(ctx, member, target, lastEventId));
  // The closures a live stream keeps are made outside this function: V8 gives every closure made
  // here one shared context, and one of them would keep the start's fiber, its logger and the
  // request's target alive for as long as the stream is open.
  connection.stop = interruptThenLeave(fiber, ctx.topics, member);
  res.on("close", closeWith(ctx.streams, connection));
  fiber.addObserver((exit) => {
    if (Exit.isSuccess(exit) && exit.value) {
      // Live: only the topic holds the stream now; the start's fiber and logger are let go.
      connection.stop = leaveWith(ctx.topics, member);
      return;
    }
    if (Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)) {
      log.warn({ cause: Cause.pretty(exit.cause) }, "event stream ended with an error");
    }
    ctx.streams.close(connection);
  });
};

const interruptThenLeave =
  (fiber: Fiber.Fiber<unknown, unknown>, topics: HttpContext["topics"], member: TopicMember) => (): void => {
    fiber.interruptUnsafe();
    topics.leave(member);
  };

const leaveWith = (topics: HttpContext["topics"], member: TopicMember) => (): void => topics.leave(member);

const closeWith = (streams: HttpContext["streams"], connection: StreamConnection) => (): void =>
  streams.close(connection);

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
 * Joins the topic, then writes the snapshot (or the replay from Last-Event-ID) one bounded page
 * at a time, each only once the client has read the one before: memory stays a page per stream
 * whatever the log's size. Holds a start permit meanwhile. True once the stream is live (the
 * snapshot is garbage by then); false when the connection is gone.
 */
const startStream = (ctx: HttpContext, member: TopicMember, target: StreamTarget, lastEventId: string | undefined) =>
  Effect.gen(function* () {
    const stallMs = ctx.streams.limits.stallMs;
    const connection = member.connection;
    const opened = yield* openEventStream(
      target,
      lastEventId,
      { maxReplayEvents: ctx.config.maxReplayEvents },
      (topic) => ctx.topics.join(topic, member),
    ).pipe(Effect.withTracerEnabled(false));
    member.accepts = opened.accepts;
    if (opened.start._tag === "state") {
      const state = ctx.snapshots.get(opened.start.key, opened.start.seq) ?? (yield* loadState(ctx, opened.start));
      connection.lastSent = state.seq;
      if (!ctx.streams.write(connection, state.frame)) return false;
      // A big snapshot in flight is not a client falling behind: wait for it to be read.
      if (!(yield* drained(connection.res, stallMs))) return cutOff(ctx, connection);
    } else {
      connection.lastSent = opened.start.after;
      for (;;) {
        const page = yield* opened.replayPage(connection.lastSent);
        const last = page.events[page.events.length - 1];
        if (last === undefined) break;
        if (!ctx.streams.write(connection, framesOf(page.events))) return false;
        connection.lastSent = last.seq;
        if (!(yield* drained(connection.res, stallMs))) return cutOff(ctx, connection);
        if (!page.more) break;
      }
    }
    // What reached the topic meanwhile goes out above the seq just sent, then the stream is live.
    return ctx.topics.goLive(member);
  }).pipe((start) => ctx.startGate.withPermit(start));

/** Builds a state and, when nothing was written meanwhile, keeps it for the next connection. */
const loadState = (ctx: HttpContext, start: Extract<StreamStart, { _tag: "state" }>) =>
  Effect.map(start.load, (event) => {
    const state = { seq: event.seq, frame: encodeEventFrame(event) };
    if (event.seq === start.seq) ctx.snapshots.put(start.key, state);
    return state;
  });

/** A client that stopped reading its snapshot or replay: closed at once, it resumes from the log. */
const cutOff = (ctx: HttpContext, connection: StreamConnection): false => {
  ctx.streams.remove(connection);
  connection.res.destroy();
  return false;
};
