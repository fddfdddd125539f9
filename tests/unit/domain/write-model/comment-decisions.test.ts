import { describe, expect, it } from "vitest";
import { NotFound } from "../../../../server/domain/errors.ts";
import { decideComment, type NewComment } from "../../../../server/domain/write-model/comment-decisions.ts";
import {
  decodedStream,
  deepFrozen,
  failed,
  loadedWith,
  loggedStream,
  noRun,
  now,
  nowIso,
  runId,
  succeeded,
} from "../../../support/write-model-states.ts";

const comment = (itemId: string | null): NewComment =>
  deepFrozen({ id: "c-1", runId, itemId, author: "ana", body: "Bench 3 lost power at 10:40" });

describe("decideComment", () => {
  it.each([
    ["the run as a whole", null],
    ["an item of the run", "item-1"],
  ])("inserts a comment on %s and tells boards, changing nothing else", (_on, itemId) => {
    const loaded = loadedWith(["untested", "passed"]);
    const decision = succeeded(decideComment(loaded, comment(itemId), now));
    const view = { id: "c-1", runId, itemId, author: "ana", body: "Bench 3 lost power at 10:40", createdAt: nowIso };
    expect(decision).toEqual({
      value: view,
      changes: [
        {
          _tag: "CommentInserted",
          comment: { id: "c-1", runId, itemId, author: "ana", body: "Bench 3 lost power at 10:40", createdAt: now },
        },
      ],
      events: [{ type: "comment_added", testRunId: runId, itemId, data: { comment: view }, at: now }],
    });
    expect(decodedStream(decision.events)).toEqual(loggedStream(decision.events));
  });

  it("fails with NotFound for a missing run", () => {
    expect(failed(decideComment(noRun, comment(null), now))).toEqual(new NotFound({ entity: "run", id: runId }));
  });

  it.each([
    // The store loads only items of the run: an item of another run, or none, is not among them.
    ["an item of another run", "item-of-run-2"],
    ["a missing item", "item-7"],
  ])("fails with NotFound for %s", (_what, itemId) => {
    const loaded = loadedWith(["untested", "passed"]);
    expect(failed(decideComment(loaded, comment(itemId), now))).toEqual(new NotFound({ entity: "item", id: itemId }));
  });

  it("leaves the loaded state and the comment as they were", () => {
    const loaded = loadedWith(["untested"]);
    const input = comment("item-0");
    const before = structuredClone({ loaded, input });
    succeeded(decideComment(loaded, input, now));
    expect({ loaded, input }).toEqual(before);
  });
});
