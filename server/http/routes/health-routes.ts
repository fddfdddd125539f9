import { Effect, Schema } from "effect";
import { SSEBroadcaster } from "../../application/ports/sse-broadcaster.ts";
import { TestRunRepository } from "../../application/ports/test-run-repository.ts";
import { Clock } from "../../application/ports/clock.ts";
import type { StreamRegistry } from "../sse/stream-registry.ts";
import { route } from "../route-spec.ts";

export const HealthBody = Schema.Struct({
  status: Schema.Literal("ok"),
  version: Schema.String,
  serverTime: Schema.String,
  lastEventId: Schema.Int,
  streams: Schema.Int,
  subscriptions: Schema.Int,
  topics: Schema.Int,
  labName: Schema.String,
  /** Addresses other devices on the lab network can use (QR codes on walls opened as localhost). */
  lanUrls: Schema.Array(Schema.String),
  heartbeatMs: Schema.Int,
});

export interface ServerInfo {
  readonly version: string;
  readonly labName: string;
  readonly heartbeatMs: number;
  readonly lanUrls: () => ReadonlyArray<string>;
}

/** Streams on topics and the topics being consumed (sse/topic-fanout.ts). */
export type TopicStats = () => { readonly subscriptions: number; readonly topics: number };

/** `topicStats` counts the streams on their topics; without it, the hub's own subscriptions. */
export const healthRoutes = (info: ServerInfo, streams: StreamRegistry, topicStats?: TopicStats) => [
  route({
    method: "GET",
    url: "/api/health",
    summary: "Liveness, server time, the newest event id, live connection counts, the lab's name and LAN addresses",
    tag: "health",
    role: "viewer",
    response: HealthBody,
    handler: () =>
      Effect.gen(function* () {
        const repo = yield* TestRunRepository;
        const clock = yield* Clock;
        const bounds = yield* repo.eventBounds;
        const stats = topicStats === undefined ? yield* (yield* SSEBroadcaster).stats : topicStats();
        return {
          status: "ok" as const,
          version: info.version,
          serverTime: new Date(clock.now()).toISOString(),
          lastEventId: bounds.maxSeq,
          streams: streams.size(),
          subscriptions: stats.subscriptions,
          topics: stats.topics,
          labName: info.labName,
          lanUrls: [...info.lanUrls()],
          heartbeatMs: info.heartbeatMs,
        };
      }),
  }),
];
