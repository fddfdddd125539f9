import { Deferred, Effect, Fiber } from "effect";
import { describe, expect, it } from "vitest";
import { makeStartGate } from "../../../server/http/sse/start-gate.ts";

describe("start gate: permits for snapshot builds and replays", () => {
  it("runs at most `concurrent` at once, the rest in arrival order, and refuses past the line", async () => {
    const gate = makeStartGate({ concurrent: 2, waiting: 2 });
    const order: number[] = [];
    const program = Effect.gen(function* () {
      const release = yield* Deferred.make<void>();
      const job = (n: number) =>
        gate.withPermit(
          Effect.andThen(
            Effect.sync(() => order.push(n)),
            Deferred.await(release),
          ),
        );
      const fibers = [];
      for (let n = 1; n <= 4; n++) {
        expect(gate.canQueue()).toBe(true);
        fibers.push(yield* Effect.forkChild(job(n)));
        yield* Effect.yieldNow;
      }
      expect(gate.stats()).toEqual({ active: 2, waiting: 2 });
      expect(order).toEqual([1, 2]);
      // Two running, two waiting: the line is full.
      expect(gate.canQueue()).toBe(false);
      yield* Deferred.succeed(release, undefined);
      for (const fiber of fibers) yield* Fiber.join(fiber);
      expect(order).toEqual([1, 2, 3, 4]);
      expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
      expect(gate.canQueue()).toBe(true);
    });
    await Effect.runPromise(program);
  });

  it("gives the permit back when the work fails or is interrupted", async () => {
    const gate = makeStartGate({ concurrent: 1, waiting: 1 });
    await Effect.runPromise(
      Effect.gen(function* () {
        yield* Effect.exit(gate.withPermit(Effect.fail("broken")));
        expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
        const fiber = yield* Effect.forkChild(gate.withPermit(Effect.never));
        yield* Effect.yieldNow;
        expect(gate.stats().active).toBe(1);
        yield* Fiber.interrupt(fiber);
        expect(gate.stats()).toEqual({ active: 0, waiting: 0 });
      }),
    );
  });
});
