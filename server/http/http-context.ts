import type { Config } from "../config.ts";
import type { AppRuntime } from "./app-runtime.ts";
import type { AuthThrottle, makeRateLimiter } from "./rate-limiter.ts";
import type { SnapshotCache } from "./sse/snapshot-cache.ts";
import type { StartGate } from "./sse/start-gate.ts";
import type { TokenThrottle } from "./token-throttle.ts";
import type { StreamRegistry } from "./sse/stream-registry.ts";
import type { TopicFanout } from "./sse/topic-fanout.ts";

/** What every route needs, built once per app. */
export interface HttpContext {
  readonly runtime: AppRuntime;
  readonly config: Config;
  readonly writeLimiter: ReturnType<typeof makeRateLimiter>;
  /** Wrong lab PINs per address. */
  readonly pinThrottle: AuthThrottle;
  /** Wrong bearer tokens per address; kept apart from the PIN's, and never cleared by a valid token. */
  readonly tokenThrottle: TokenThrottle;
  readonly isKnownHost: (host: string | undefined) => boolean;
  readonly streams: StreamRegistry;
  /** One consumer per topic, writing each event to every live stream on it. */
  readonly topics: TopicFanout;
  /** Permits for snapshot builds and replays. */
  readonly startGate: StartGate;
  /** Encoded states shared by connections that start at the same seq. */
  readonly snapshots: SnapshotCache;
}
