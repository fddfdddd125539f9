import { Effect, Exit } from "effect";
import { describe, expect, it } from "vitest";
import { VersionConflict } from "../../../server/domain/errors.ts";
import type { Store } from "../support/store-harness.ts";
import { failureOf } from "../support/outcomes.ts";
import { allEvents, createRun, onlyRuns, range, renameRun, updateItem, withRepo } from "../support/writes.ts";

const writers = 8;

/** Exactly one of the exits succeeded; the others failed with VersionConflict. */
const oneWinner = <A, E>(exits: ReadonlyArray<Exit.Exit<A, E>>) => {
  const wins = exits.filter(Exit.isSuccess);
  expect(wins).toHaveLength(1);
  const conflicts = exits.map(failureOf).filter((failure) => failure !== undefined);
  expect(conflicts).toHaveLength(exits.length - 1);
  for (const conflict of conflicts) expect(conflict).toBeInstanceOf(VersionConflict);
  return { winner: wins[0]?.value, conflicts };
};

export const versionConflictCases = (store: Store): void => {
  describe("version conflicts: of writers with the same expected version, exactly one wins", () => {
    it("on an item: the others get VersionConflict carrying the winner's item, and log nothing", async () => {
      await store.run(createRun("a", 2));
      await store.run(updateItem("a", 0, { note: "seen" }));
      const exits = await store.run(
        Effect.all(
          range(1, writers).map((n) =>
            updateItem("a", 0, { note: `writer ${n}` }, { expectedVersion: 2, actor: `W${n}` }).pipe(Effect.exit),
          ),
          { concurrency: "unbounded" },
        ),
      );
      const { winner, conflicts } = oneWinner(exits);
      const current = (await store.run(withRepo((repo) => repo.getRun("a")))).items[0];
      if (current === undefined) throw new Error("run a lost its item");
      expect(current.version).toBe(3);
      expect(winner?.value.item).toEqual(current);
      for (const conflict of conflicts) expect(conflict).toEqual(new VersionConflict({ expectedVersion: 2, current }));
      const updates = (await store.run(allEvents(onlyRuns("a")))).filter((event) => event.type === "item_updated");
      expect(updates).toHaveLength(2);
      // Deciding again on the current version succeeds.
      const retry = await store.run(updateItem("a", 0, { note: "again" }, { expectedVersion: 3 }));
      expect(retry.value.item.version).toBe(4);
    });

    it("on a run: the others get VersionConflict carrying the winner's run, and log nothing", async () => {
      await store.run(createRun("a", 1));
      const exits = await store.run(
        Effect.all(
          range(1, writers).map((n) => renameRun("a", `Name ${n}`, 1).pipe(Effect.exit)),
          { concurrency: "unbounded" },
        ),
      );
      const { winner, conflicts } = oneWinner(exits);
      const current = await store.run(withRepo((repo) => repo.getRunSummary("a")));
      expect(current.version).toBe(2);
      expect(winner?.value).toEqual(current);
      for (const conflict of conflicts) expect(conflict).toEqual(new VersionConflict({ expectedVersion: 1, current }));
      const types = (await store.run(allEvents(onlyRuns("a")))).map((event) => event.type);
      expect(types).toEqual(["run_created", "run_updated"]);
    });
  });
};
