import { Effect } from "effect";
import { recordedActorName } from "../../domain/actor-name.ts";
import { InvalidInput } from "../../domain/errors.ts";
import type { UpdateItemBody } from "../../domain/requests.ts";
import { needsItems } from "../../domain/write-model/decision.ts";
import { decideItemUpdate } from "../../domain/write-model/item-decisions.ts";
import { Clock } from "../ports/clock.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import type { Actor } from "./actor.ts";

/**
 * Records a result (or note, assignee, duration) on one item. With `expectedVersion` (or an
 * `If-Match` header) a stale edit fails with VersionConflict carrying the current item; without
 * it the last write wins (domain/write-model/item-decisions.ts). Untraced: on the write path (see
 * authenticate.ts).
 */
export const updateTestItem = Effect.fnUntraced(function* (
  testRunId: string,
  itemId: string,
  input: UpdateItemBody,
  ifMatch: number | undefined,
  actor: Actor,
) {
  const { expectedVersion, ...patch } = input;
  if (Object.keys(patch).length === 0) {
    return yield* new InvalidInput({ reason: "Nothing to change: send status, note, assignee or durationMs" });
  }
  const repo = yield* TestRunRepository;
  const now = (yield* Clock).now();
  const committed = yield* repo.write(needsItems(testRunId, [itemId]), (loaded) =>
    decideItemUpdate(loaded, testRunId, itemId, patch, expectedVersion ?? ifMatch, recordedActorName(actor), now),
  );
  return committed.value;
});
