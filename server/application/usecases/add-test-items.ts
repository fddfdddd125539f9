import { Effect } from "effect";
import type { AddItemsBody } from "../../domain/requests.ts";
import { normalizeSection } from "../../domain/section.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import { commitAndPublish } from "./commit-and-publish.ts";

export const addTestItems = Effect.fn("addTestItems")(function* (runId: string, input: AddItemsBody) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const records = input.items.map((item) => ({
    id: ids.next(),
    title: item.title,
    section: normalizeSection(item.section),
    key: item.key ?? null,
  }));
  return yield* commitAndPublish(repo.addItems(runId, records, clock.now()));
});
