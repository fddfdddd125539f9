import { Effect } from "effect";
import type { PatchRunBody, SetRunStatusBody } from "../../domain/requests.ts";
import { Clock } from "../ports/clock.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";
import { commitAndPublish } from "./commit-and-publish.ts";

export const updateTestRun = Effect.fn("updateTestRun")(function* (
  id: string,
  input: PatchRunBody,
  ifMatch: number | undefined,
) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  const { expectedVersion, ...patch } = input;
  return yield* commitAndPublish(repo.updateRun(id, patch, expectedVersion ?? ifMatch, clock.now()));
});

export const updateTestRunStatus = Effect.fn("updateTestRunStatus")(function* (
  id: string,
  input: SetRunStatusBody,
  ifMatch: number | undefined,
) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  return yield* commitAndPublish(repo.setRunStatus(id, input.status, input.expectedVersion ?? ifMatch, clock.now()));
});

export const deleteTestRun = Effect.fn("deleteTestRun")(function* (id: string) {
  const repo = yield* TestRunRepository;
  const clock = yield* Clock;
  return yield* commitAndPublish(repo.deleteRun(id, clock.now()));
});
