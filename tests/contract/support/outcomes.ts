import { Cause, Effect, Exit, Option } from "effect";
import { everyRun, onlyRuns, T0, withRepo, wholeLog } from "./writes.ts";

/** The typed failure of an exit, if it failed with one. */
export const failureOf = <A, E>(exit: Exit.Exit<A, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.findErrorOption(exit.cause)) : undefined;

/** Whether an exit is a defect (an infrastructure failure), with no typed failure. */
export const isDefect = <A, E>(exit: Exit.Exit<A, E>): boolean =>
  Exit.isFailure(exit) && Cause.hasDies(exit.cause) && !Cause.hasFails(exit.cause);

/** What a store holds of some runs, and its whole event log: equal before and after means nothing changed. */
export const observe = (...runIds: ReadonlyArray<string>) =>
  withRepo((repo) =>
    Effect.all({
      snapshot: repo.snapshot(onlyRuns(...runIds), T0),
      log: repo.eventsAfter(0, everyRun, wholeLog),
      bounds: repo.eventBounds,
    }),
  );
