import { type Backoff, type BackoffPolicy, makeBackoff, serverBackoff } from "./backoff.ts";
import { type Scheduler, systemScheduler, type TimerHandle } from "./scheduler.ts";

/** What the supervisor needs of a lab server (startLabServer's LabServer has both). */
export interface ManagedServer {
  readonly localUrl: string;
  readonly close: () => Promise<void>;
}

export type SupervisorState =
  | { readonly status: "stopped" }
  | { readonly status: "starting"; readonly attempt: number }
  | { readonly status: "running"; readonly since: number; readonly url: string }
  | { readonly status: "waiting"; readonly attempt: number; readonly retryAt: number; readonly error: string };

export type StartOutcome<S> =
  | { readonly ok: true; readonly server: S }
  | { readonly ok: false; readonly error: string };

export interface SupervisorOptions<S extends ManagedServer> {
  readonly start: () => Promise<S>;
  /** Is the running server answering? Default: GET /api/health answers 200. */
  readonly probe?: (server: S, timeoutMs: number) => Promise<boolean>;
  readonly backoff?: BackoffPolicy;
  readonly healthIntervalMs?: number;
  readonly healthTimeoutMs?: number;
  /** Consecutive failed probes before the server is restarted. */
  readonly failuresBeforeRestart?: number;
  /** A close that takes longer is abandoned (the next start then reports the busy port). */
  readonly closeTimeoutMs?: number;
  readonly scheduler?: Scheduler;
  readonly random?: () => number;
  readonly onState?: (state: SupervisorState, server: S | undefined) => void;
  readonly log?: (message: string) => void;
}

export interface ServerSupervisor<S extends ManagedServer> {
  /** Starts; resolves with the first attempt's outcome. A failed start keeps retrying with backoff. */
  readonly start: () => Promise<StartOutcome<S>>;
  /** Closes the server (and stops retrying); safe to call twice. */
  readonly stop: () => Promise<void>;
  /** Closes and starts again at once. */
  readonly restart: (reason: string) => Promise<StartOutcome<S>>;
  readonly current: () => S | undefined;
  readonly state: () => SupervisorState;
}

export const healthProbe = async (server: ManagedServer, timeoutMs: number): Promise<boolean> => {
  try {
    const response = await fetch(`${server.localUrl}/api/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
};

const describe = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "EADDRINUSE") return "the port is already in use (another copy of medi-test or another program)";
  if (code === "EACCES") return "no permission to listen on that port or to use the data folder";
  return error instanceof Error ? error.message : String(error);
};

const closeWithin = async (server: ManagedServer, ms: number, scheduler: Scheduler): Promise<boolean> => {
  let timer: TimerHandle | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = scheduler.setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([server.close().then(() => true), timedOut]);
  } finally {
    if (timer !== undefined) scheduler.clearTimeout(timer);
  }
};

/**
 * Keeps the embedded lab server up: retries a failed start with backoff, probes a running one and
 * restarts it after repeated failed probes. All state lives in the returned object.
 */
export const makeServerSupervisor = <S extends ManagedServer>(options: SupervisorOptions<S>): ServerSupervisor<S> => {
  const scheduler = options.scheduler ?? systemScheduler();
  const probe = options.probe ?? healthProbe;
  const healthIntervalMs = options.healthIntervalMs ?? 30_000;
  const healthTimeoutMs = options.healthTimeoutMs ?? 5_000;
  const failuresBeforeRestart = options.failuresBeforeRestart ?? 3;
  const closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  const log = options.log ?? (() => {});
  const backoff: Backoff = makeBackoff(options.backoff ?? serverBackoff, options.random);

  let server: S | undefined;
  let state: SupervisorState = { status: "stopped" };
  let active = false;
  let generation = 0;
  let attempt = 0;
  let retryTimer: TimerHandle | undefined;
  let healthTimer: TimerHandle | undefined;
  let failedProbes = 0;
  let inFlight: Promise<StartOutcome<S>> | undefined;

  const setState = (next: SupervisorState): void => {
    state = next;
    options.onState?.(next, server);
  };

  const clearTimers = (): void => {
    if (retryTimer !== undefined) scheduler.clearTimeout(retryTimer);
    if (healthTimer !== undefined) scheduler.clearTimeout(healthTimer);
    retryTimer = undefined;
    healthTimer = undefined;
  };

  const scheduleRetry = (error: string, myGeneration: number): void => {
    const delay = backoff.failure(scheduler.now());
    setState({ status: "waiting", attempt, retryAt: scheduler.now() + delay, error });
    retryTimer = scheduler.setTimeout(() => {
      retryTimer = undefined;
      if (active && myGeneration === generation) void attemptStart(myGeneration);
    }, delay);
  };

  const scheduleProbe = (myGeneration: number): void => {
    healthTimer = scheduler.setTimeout(() => {
      healthTimer = undefined;
      void runProbe(myGeneration);
    }, healthIntervalMs);
  };

  const runProbe = async (myGeneration: number): Promise<void> => {
    const running = server;
    if (!active || myGeneration !== generation || running === undefined) return;
    const healthy = await probe(running, healthTimeoutMs);
    if (!active || myGeneration !== generation) return;
    failedProbes = healthy ? 0 : failedProbes + 1;
    if (failedProbes < failuresBeforeRestart) return scheduleProbe(myGeneration);
    log(`lab server did not answer ${failedProbes} health checks; restarting it`);
    failedProbes = 0;
    generation += 1;
    const next = generation;
    server = undefined;
    await closeWithin(running, closeTimeoutMs, scheduler).catch(() => false);
    if (active && next === generation) scheduleRetry("the lab server stopped answering", next);
  };

  const attemptStart = (myGeneration: number): Promise<StartOutcome<S>> => {
    attempt += 1;
    setState({ status: "starting", attempt });
    const run = (async (): Promise<StartOutcome<S>> => {
      try {
        const started = await options.start();
        if (!active || myGeneration !== generation) {
          await started.close();
          return { ok: false, error: "stopped while starting" };
        }
        server = started;
        attempt = 0;
        failedProbes = 0;
        backoff.success(scheduler.now());
        setState({ status: "running", since: scheduler.now(), url: started.localUrl });
        scheduleProbe(myGeneration);
        return { ok: true, server: started };
      } catch (error) {
        const message = describe(error);
        log(`lab server could not start: ${message}`);
        if (active && myGeneration === generation) scheduleRetry(message, myGeneration);
        return { ok: false, error: message };
      } finally {
        inFlight = undefined;
      }
    })();
    inFlight = run;
    return run;
  };

  const closeCurrent = async (): Promise<void> => {
    generation += 1;
    clearTimers();
    const pending = inFlight;
    if (pending !== undefined) await pending;
    const running = server;
    server = undefined;
    if (running !== undefined) await closeWithin(running, closeTimeoutMs, scheduler);
  };

  return {
    start: () => {
      if (active)
        return (
          inFlight ??
          Promise.resolve(server === undefined ? { ok: false, error: String(state.status) } : { ok: true, server })
        );
      active = true;
      return attemptStart(generation);
    },
    stop: async () => {
      active = false;
      await closeCurrent();
      attempt = 0;
      setState({ status: "stopped" });
    },
    restart: async (reason) => {
      log(`restarting the lab server: ${reason}`);
      await closeCurrent();
      active = true;
      attempt = 0;
      return attemptStart(generation);
    },
    current: () => server,
    state: () => state,
  };
};
