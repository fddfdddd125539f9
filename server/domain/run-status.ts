import type { RunStatus } from "./test-run.ts";

const allowed: Record<RunStatus, ReadonlyArray<RunStatus>> = {
  planned: ["running", "aborted"],
  running: ["paused", "completed", "aborted"],
  paused: ["running", "completed", "aborted"],
  // A finished run may be reopened: labs re-run a failed bench after a fix.
  completed: ["running"],
  aborted: ["running"],
};

export const canTransition = (from: RunStatus, to: RunStatus): boolean => allowed[from].includes(to);

export const allowedTransitions = (from: RunStatus): ReadonlyArray<RunStatus> => allowed[from];

export const isActive = (status: RunStatus): boolean =>
  status === "planned" || status === "running" || status === "paused";
