import { Effect } from "effect";
import type { CreateRunBody } from "../../domain/requests.ts";
import { normalizeSection } from "../../domain/section.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import { commitAndPublish } from "./commit-and-publish.ts";
import type { Actor } from "./actor.ts";

export const createTestRun = Effect.fn("createTestRun")(function* (input: CreateRunBody, actor: Actor) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const now = clock.now();
  return yield* commitAndPublish(
    repo.createRun({
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
      now,
      actor: actor?.name ?? null,
    }),
  );
});
