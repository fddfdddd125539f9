/** One write waiting for the next group commit of a store. */
export interface PendingWrite<Tx> {
  /** Runs inside the group's transaction (in its own savepoint); throws to fail. */
  readonly work: (tx: Tx) => void | Promise<void>;
  /** Right after COMMIT, in commit order, for each write that succeeded (publishing its events). */
  readonly committed: () => void;
  /** Last: the write's outcome, ok once durable, or what its work (or the commit) threw. */
  readonly settle: (outcome: { readonly ok: true } | { readonly ok: false; readonly thrown: unknown }) => void;
}

export interface GroupCommitOptions {
  /**
   * A `committed` callback threw. The write is durable and stays acknowledged (clients catch up
   * from the log); this reports the failure so it is never silent.
   */
  readonly onPublishFailure: (thrown: unknown) => void;
}

/** The most writes one transaction carries: bounds the latency a large group adds. */
export const maxGroup = 256;

/** After COMMIT: each successful write's `committed` in order, then every outcome. */
export const finishGroup = <Tx>(
  group: ReadonlyArray<PendingWrite<Tx>>,
  failures: ReadonlyMap<PendingWrite<Tx>, unknown>,
  options: GroupCommitOptions,
): void => {
  for (const write of group) {
    if (failures.has(write)) continue;
    try {
      write.committed();
    } catch (thrown) {
      options.onPublishFailure(thrown);
    }
  }
  for (const write of group) {
    const thrown = failures.get(write);
    write.settle(failures.has(write) ? { ok: false, thrown } : { ok: true });
  }
};
