import { Effect } from "effect";
import type { PatchRunBody, SetRunStatusBody } from "../../domain/requests.ts";
import { needsRun } from "../../domain/write-model/decision.ts";
import { decideDeleteRun, decideRunStatus, decideRunUpdate } from "../../domain/write-model/run-decisions.ts";
import { Clock } from "../ports/clock.ts";
import { TestRunRepository } from "../ports/test-run-repository.ts";

export const updateTestRun = Effect.fn("updateTestRun")(function* (
  id: string,
  input: PatchRunBody,
  ifMatch: number | undefined,
) {
  const repo = yield* TestRunRepository;
  const now = (yield* Clock).now();
  const { expectedVersion, ...patch } = input;
  const committed = yield* repo.write(needsRun(id), (loaded) =>
    decideRunUpdate(loaded, id, patch, expectedVersion ?? ifMatch, now),
  );
  return committed.value;
});

export const updateTestRunStatus = Effect.fn("updateTestRunStatus")(function* (
  id: string,
  input: SetRunStatusBody,
  ifMatch: number | undefined,
) {
  const repo = yield* TestRunRepository;
  const now = (yield* Clock).now();
  const committed = yield* repo.write(needsRun(id), (loaded) =>
    decideRunStatus(loaded, id, input.status, input.expectedVersion ?? ifMatch, now),
  );
  return committed.value;
});

export const deleteTestRun = Effect.fn("deleteTestRun")(function* (id: string) {
  const repo = yield* TestRunRepository;
  const now = (yield* Clock).now();
  const committed = yield* repo.write(needsRun(id), (loaded) => decideDeleteRun(loaded, id, now));
  return committed.value;
});
