import { Effect, Layer, Semaphore } from "effect";
import { WriteLock } from "../../../application/ports/write-lock.ts";

export const SemaphoreWriteLockLive = Layer.effect(
  WriteLock,
  Effect.gen(function* () {
    const semaphore = yield* Semaphore.make(1);
    return WriteLock.of({ withLock: (effect) => semaphore.withPermits(1)(effect) });
  }),
);
