import { Effect } from "effect";
import { commentAuthor } from "../../domain/actor-name.ts";
import type { AddCommentBody } from "../../domain/requests.ts";
import { decideComment } from "../../domain/write-model/comment-decisions.ts";
import { needsItems } from "../../domain/write-model/decision.ts";
import { Clock } from "../ports/clock.ts";
import { IdGenerator } from "../ports/id-generator.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import type { Actor } from "./actor.ts";

export const addComment = Effect.fn("addComment")(function* (runId: string, input: AddCommentBody, actor: Actor) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const ids = yield* IdGenerator;
  const now = clock.now();
  const itemId = input.itemId ?? null;
  const comment = { id: ids.next(), runId, itemId, author: commentAuthor(actor), body: input.body };
  const needs = needsItems(runId, itemId === null ? [] : [itemId]);
  const committed = yield* repo.write(needs, (loaded) => decideComment(loaded, comment, now));
  return committed.value;
});
