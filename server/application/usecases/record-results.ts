import { Effect } from "effect";
import { recordedActorName } from "../../domain/actor-name.ts";
import { InvalidInput } from "../../domain/errors.ts";
import type { RecordResultsBody } from "../../domain/requests.ts";
import { normalizeSection } from "../../domain/section.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import { needsAllItems } from "../../domain/write-model/decision.ts";
import { decideResults, type ResultRecord } from "../../domain/write-model/result-decisions.ts";
import type { Actor } from "./actor.ts";

/**
 * A CI job's results in one request: each names its item by `itemId` or by the external `key`
 * (e.g. JUnit `classname.name`); with `addMissing`, a key that matches nothing becomes a new item
 * (it then needs a title; without one an unknown key is an error). All or nothing, one
 * transaction, one `batch` event. Untraced: on the write path (see authenticate.ts).
 */
export const recordResults = Effect.fnUntraced(function* (runId: string, input: RecordResultsBody, actor: Actor) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const problems: Array<{ readonly index: number; readonly message: string }> = [];
  const records: ResultRecord[] = [];
  input.results.forEach((result, index) => {
    const patch = {
      status: result.status,
      ...(result.note === undefined ? {} : { note: result.note }),
      ...(result.durationMs === undefined ? {} : { durationMs: result.durationMs }),
    };
    if (result.itemId !== undefined) {
      records.push({ match: { itemId: result.itemId }, patch });
    } else if (result.key !== undefined) {
      const create =
        input.addMissing === true && result.title !== undefined
          ? { id: ids.next(), title: result.title, section: normalizeSection(result.section), key: result.key }
          : null;
      records.push({ match: { key: result.key, create }, patch });
    } else {
      problems.push({ index, message: "name the item by itemId or key" });
    }
  });
  if (problems.length > 0) {
    return yield* new InvalidInput({
      reason: `Result ${problems[0]?.index ?? 0}: ${problems[0]?.message ?? ""}`,
      details: problems.slice(0, 100),
    });
  }
  const now = clock.now();
  const committed = yield* repo.write(needsAllItems(runId), (loaded) =>
    decideResults(loaded, runId, records, recordedActorName(actor), now),
  );
  return committed.value;
});
