import { Effect } from "effect";
import type { AddCommentBody } from "../../domain/requests.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import { commitAndPublish } from "./commit-and-publish.ts";
import type { Actor } from "./actor.ts";

export const addComment = Effect.fn("addComment")(function* (runId: string, input: AddCommentBody, actor: Actor) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  return yield* commitAndPublish(
    repo.addComment(
      { id: ids.next(), runId, itemId: input.itemId ?? null, author: actor?.name ?? "anonymous", body: input.body },
      clock.now(),
    ),
  );
});
