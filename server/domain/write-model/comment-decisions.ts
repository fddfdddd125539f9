import { Result } from "effect";
import type { Comment } from "../comment.ts";
import { NotFound } from "../errors.ts";
import { draftEvent } from "../events.ts";
import { type Decided, decided, type Loaded } from "./decision.ts";
import { type CommentState, commentOf } from "./state.ts";

export interface NewComment {
  readonly id: string;
  readonly runId: string;
  /** The item it is about (loaded with the run), or null for the run as a whole. */
  readonly itemId: string | null;
  readonly author: string;
  readonly body: string;
}

/** A comment on a run, or on one of its items; it never changes the run. */
export const decideComment = (loaded: Loaded, input: NewComment, now: number): Decided<Comment, NotFound> => {
  if (loaded.run === undefined) return Result.fail(new NotFound({ entity: "run", id: input.runId }));
  if (input.itemId !== null && !loaded.items.some((item) => item.id === input.itemId)) {
    return Result.fail(new NotFound({ entity: "item", id: input.itemId }));
  }
  const comment: CommentState = { ...input, createdAt: now };
  const view = commentOf(comment);
  return decided(
    view,
    [{ _tag: "CommentInserted", comment }],
    [draftEvent("comment_added", input.runId, input.itemId, { comment: view }, now)],
  );
};
