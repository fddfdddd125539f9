import { type Effect, type Exit, Layer, ManagedRuntime } from "effect";
import { afterEach, beforeEach } from "vitest";
import type { EventSink } from "../../../server/application/ports/event-sink.ts";
import type { TestRunRepository } from "../../../server/application/ports/test-run-repository.ts";
import { makeRecordingSink, type RecordingSink } from "./recording-sink.ts";

/** One fresh, empty store of the adapter under test. */
export interface StoreUnderTest {
  /** The adapter's repository; the suite gives it the EventSink it records with. */
  readonly layer: Layer.Layer<TestRunRepository, unknown, EventSink>;
  /** Frees what the store holds outside its layer (files, a schema); called once the layer is released. */
  readonly close: () => Promise<void>;
}

/** Called before every case: each case starts from an empty store. */
export type StoreFactory = () => Promise<StoreUnderTest>;

/** The store of the running case, as the cases use it. */
export interface Store {
  readonly run: <A, E>(effect: Effect.Effect<A, E, TestRunRepository>) => Promise<A>;
  readonly exit: <A, E>(effect: Effect.Effect<A, E, TestRunRepository>) => Promise<Exit.Exit<A, E>>;
  readonly sink: RecordingSink;
}

interface Open {
  readonly store: StoreUnderTest;
  readonly sink: RecordingSink;
  readonly runtime: ManagedRuntime.ManagedRuntime<TestRunRepository, never>;
}

/** Opens a fresh store (real layers, one runtime) before each case of the enclosing describe and releases it after. */
export const useStore = (factory: StoreFactory): Store => {
  let open: Open | undefined;

  beforeEach(async () => {
    const store = await factory();
    const sink = makeRecordingSink();
    // A store that cannot open fails the case as a defect.
    const layer = store.layer.pipe(Layer.provide(sink.layer), Layer.orDie);
    open = { store, sink, runtime: ManagedRuntime.make(layer) };
  });

  afterEach(async () => {
    const closing = open;
    open = undefined;
    if (closing === undefined) return;
    try {
      await closing.runtime.dispose();
    } finally {
      await closing.store.close();
    }
  });

  const current = (): Open => {
    if (open === undefined) throw new Error("The store is open only while a case runs");
    return open;
  };

  return {
    run: (effect) => current().runtime.runPromise(effect),
    exit: (effect) => current().runtime.runPromiseExit(effect),
    get sink() {
      return current().sink;
    },
  };
};
