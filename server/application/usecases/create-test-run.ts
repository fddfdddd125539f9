import { Effect } from "effect";
import type { CreateRunBody } from "../../domain/requests.ts";
import { normalizeSection } from "../../domain/section.ts";
import { needsRun } from "../../domain/write-model/decision.ts";
import { decideCreateRun } from "../../domain/write-model/run-decisions.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";

export const createTestRun = Effect.fn("createTestRun")(function* (input: CreateRunBody) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const now = clock.now();
  const run = {
    id: ids.next(),
    name: input.name,
    description: input.description ?? null,
    labels: input.labels ?? {},
    items: (input.items ?? []).map((item) => ({
      id: ids.next(),
      title: item.title,
      section: normalizeSection(item.section),
      key: item.key ?? null,
    })),
  };
  const committed = yield* repo.write(needsRun(run.id), () => decideCreateRun(run, now));
  return committed.value;
});
