import { Effect } from "effect";
import type { AddItemsBody } from "../../domain/requests.ts";
import { normalizeSection } from "../../domain/section.ts";
import { needsRun } from "../../domain/write-model/decision.ts";
import { decideAddItems } from "../../domain/write-model/item-decisions.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";

export const addTestItems = Effect.fn("addTestItems")(function* (runId: string, input: AddItemsBody) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const now = clock.now();
  const records = input.items.map((item) => ({
    id: ids.next(),
    title: item.title,
    section: normalizeSection(item.section),
    key: item.key ?? null,
  }));
  const committed = yield* repo.write(needsRun(runId), (loaded) => decideAddItems(loaded, runId, records, now));
  return committed.value;
});
