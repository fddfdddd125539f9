import { describe } from "vitest";
import { atomicityCases } from "./cases/atomicity.ts";
import { eventOrderCases } from "./cases/event-order.ts";
import { pagingCases } from "./cases/paging.ts";
import { pruningCases } from "./cases/pruning.ts";
import { readCases } from "./cases/reads.ts";
import { sequenceCases } from "./cases/sequence.ts";
import { snapshotCases } from "./cases/snapshots.ts";
import { versionConflictCases } from "./cases/version-conflicts.ts";
import { type StoreFactory, useStore } from "./support/store-harness.ts";

export type { StoreFactory, StoreUnderTest } from "./support/store-harness.ts";

/**
 * What every storage adapter of the TestRunRepository port guarantees (docs/contract.md), checked
 * through the port alone. An adapter's test file calls this with a factory of fresh, empty stores;
 * each case gets its own store and a recording EventSink.
 */
export const repositoryContract = (name: string, makeStore: StoreFactory): void => {
  describe(`TestRunRepository contract: ${name}`, () => {
    const store = useStore(makeStore);
    eventOrderCases(store);
    sequenceCases(store);
    atomicityCases(store);
    versionConflictCases(store);
    pruningCases(store);
    snapshotCases(store);
    pagingCases(store);
    readCases(store);
  });
};
