import { Cause, Effect, Exit, PubSub } from "effect";
import type { FastifyReply, FastifyRequest } from "fastify";
import { openEventStream, type StreamTarget } from "../../application/usecases/open-event-stream.ts";
import { encodeEventFrame, encodeRetry } from "../../domain/sse-wire.ts";
import type { StreamEvent } from "../../domain/stream-event.ts";
import { HttpError, sendError } from "../api-error.ts";
import type { HttpContext } from "../http-context.ts";
import type { StreamConnection } from "./stream-registry.ts";

/** The seed's headers; never compressed, never buffered by a proxy. */
const streamHeaders = {
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
  if (!admission.ok) {
    sendError(reply, new HttpError(admission.status, admission.status === 429 ? "too_many_streams" : "server_busy", admission.reason, {
      headers: { "retry-after": String(admission.retryAfter) },
    }));
    return;
  }
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, streamHeaders);
  res.socket?.setNoDelay(true);
  const connection: StreamConnection = { ip: request.ip, res, lastSent: 0, started: false, stop: () => undefined };
  ctx.streams.add(connection);
  // Jittered retry: after a server restart the walls come back spread out, not all at once.
  ctx.streams.write(connection, encodeRetry(1_000 + Math.random() * 2_000));

  const waitForDrain = Effect.callback<void>((resume) => {
    const done = () => resume(Effect.void);
    res.once("drain", done);
    res.once("close", done);
    return Effect.sync(() => {
      res.off("drain", done);
      res.off("close", done);
    });
  });

  const program = Effect.scoped(
    Effect.gen(function* () {
      const opened = yield* openEventStream(target, lastEventId);
      if (opened.start._tag === "state") {
        connection.lastSent = opened.start.event.seq;
        if (!ctx.streams.write(connection, encodeEventFrame(opened.start.event))) return;
      } else {
        connection.lastSent = opened.start.after;
        for (;;) {
          const page = yield* opened.replayPage(connection.lastSent);
          const last = page[page.length - 1];
          if (last === undefined) break;
          if (!ctx.streams.write(connection, framesOf(page))) return;
          connection.lastSent = last.seq;
          if (res.writableLength > ctx.streams.limits.sendBufferLimit / 2) yield* waitForDrain;
        }
      }
      connection.started = true;
      for (;;) {
        const batch = yield* PubSub.takeAll(opened.subscription);
        const frames: Uint8Array[] = [];
        for (const published of batch) {
          if (published.event.seq <= connection.lastSent) continue;
          if (opened.accepts !== null && !opened.accepts(published.event)) continue;
          frames.push(published.frame);
          connection.lastSent = published.event.seq;
        }
        if (frames.length === 0) continue;
        // One write per wake-up: everything queued since the last one goes out together.
        const chunk = frames.length === 1 && frames[0] !== undefined ? frames[0] : Buffer.concat(frames);
        if (!ctx.streams.write(connection, chunk)) return;
      }
    }),
  );

  const fiber = ctx.runtime.runFork(program);
  connection.stop = () => fiber.interruptUnsafe();
  res.on("close", () => ctx.streams.close(connection));
  fiber.addObserver((exit) => {
    if (Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)) {
      request.log.warn({ cause: Cause.pretty(exit.cause) }, "event stream ended with an error");
    }
    ctx.streams.close(connection);
  });
};
