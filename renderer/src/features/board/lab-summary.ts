import { doneCount } from "../../../../server/domain/progress.ts";
import type { TileModel } from "./tile-model.ts";

/** The lab in one line: "35 runs · 21 failing · 2 blocked · 71 % done · 4 testing". */
export interface LabSummary {
  readonly runs: number;
  readonly failing: number;
  readonly blocked: number;
  readonly finished: number;
  readonly done: number;
  readonly total: number;
  /** done / total over the runs shown, 0 when they have no items. */
  readonly progress: number;
  /** Distinct people testing now. */
  readonly testers: number;
}

export const labSummary = (models: ReadonlyArray<TileModel>): LabSummary => {
  let failing = 0;
  let blocked = 0;
  let finished = 0;
  let done = 0;
  let total = 0;
  const testers = new Set<string>();
  for (const model of models) {
    if (model.health === "failing") failing += 1;
    else if (model.health === "blocked") blocked += 1;
    else if (model.health === "finished") finished += 1;
    done += doneCount(model.counts);
    total += model.counts.total;
    for (const name of model.testers) testers.add(name);
  }
  return {
    runs: models.length,
    failing,
    blocked,
    finished,
    done,
    total,
    progress: total === 0 ? 0 : done / total,
    testers: testers.size,
  };
};
