import { Effect } from "effect";
import type { ListRunsQuery } from "../../domain/requests.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";

export const getTestRun = Effect.fn("getTestRun")(function* (id: string) {
  const repo = yield* TestRunRepository;
  return yield* repo.getRun(id);
});

export const getTestRunSummary = Effect.fn("getTestRunSummary")(function* (id: string) {
  const repo = yield* TestRunRepository;
  return yield* repo.getRunSummary(id);
});

export const listTestRuns = Effect.fn("listTestRuns")(function* (query: ListRunsQuery) {
  const repo = yield* TestRunRepository;
  return yield* repo.listRuns({
    ...(query.status === undefined ? {} : { status: query.status }),
    limit: query.limit ?? 200,
  });
});

export const listComments = Effect.fn("listComments")(function* (runId: string) {
  const repo = yield* TestRunRepository;
  return yield* repo.listComments(runId, 500);
});
