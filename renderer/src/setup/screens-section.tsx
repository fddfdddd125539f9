import type { BoardChoiceData, DisplaySummary, RunChoice } from "../../../preload/bridge-api.ts";
import type { Strings } from "./setup-strings.ts";

interface ScreensSectionProps {
  readonly t: Strings;
  readonly displays: ReadonlyArray<DisplaySummary>;
  readonly boards: ReadonlyArray<{ readonly displayId: string; readonly board: BoardChoiceData }>;
  readonly runs: ReadonlyArray<RunChoice>;
  readonly onChange: (displayId: string, board: BoardChoiceData) => void;
}

const kindOf = (board: BoardChoiceData): BoardChoiceData["kind"] => board.kind;

const choiceFor = (kind: string, runs: ReadonlyArray<RunChoice>, previous: BoardChoiceData): BoardChoiceData => {
  const first = runs[0]?.id;
  if (kind === "run")
    return first === undefined ? previous : { kind: "run", runId: previous.kind === "run" ? previous.runId : first };
  if (kind === "runs")
    return first === undefined
      ? previous
      : { kind: "runs", runIds: previous.kind === "runs" ? previous.runIds : [first] };
  if (kind === "none") return { kind: "none" };
  return { kind: "all" };
};

/** One row per attached screen: which board it shows. */
export const ScreensSection = ({ t, displays, boards, runs, onChange }: ScreensSectionProps) => (
  <section>
    <h2>{t.screens}</h2>
    {displays.map((display, index) => {
      const board = boards.find((b) => b.displayId === display.id)?.board ?? display.board;
      return (
        <fieldset key={display.id} className="screen">
          <legend>
            {t.screen} {index + 1}
            {display.label === "" ? "" : ` · ${display.label}`} · {display.width}×{display.height}
            {display.primary ? ` · ${t.primary}` : ""}
          </legend>
          <select
            value={kindOf(board)}
            onChange={(event) => onChange(display.id, choiceFor(event.target.value, runs, board))}
          >
            <option value="all">{t.boardAll}</option>
            <option value="run" disabled={runs.length === 0}>
              {t.boardRun}
            </option>
            <option value="runs" disabled={runs.length === 0}>
              {t.boardRuns}
            </option>
            <option value="none">{t.boardNone}</option>
          </select>
          {board.kind === "run" ? (
            <select
              value={board.runId}
              onChange={(event) => onChange(display.id, { kind: "run", runId: event.target.value })}
            >
              {runs.map((run) => (
                <option key={run.id} value={run.id}>
                  {run.name} ({run.status})
                </option>
              ))}
            </select>
          ) : null}
          {board.kind === "runs" ? (
            <div className="run-choices">
              {runs.map((run) => (
                <label key={run.id}>
                  <input
                    type="checkbox"
                    checked={board.runIds.includes(run.id)}
                    onChange={(event) => {
                      const runIds = event.target.checked
                        ? [...board.runIds, run.id]
                        : board.runIds.filter((id) => id !== run.id);
                      onChange(display.id, runIds.length === 0 ? { kind: "all" } : { kind: "runs", runIds });
                    }}
                  />
                  {run.name}
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
      );
    })}
    {runs.length === 0 ? <p className="muted">{t.noRuns}</p> : null}
  </section>
);
