import { boardUnit } from "../board/grid-layout.ts";
import { useMemo } from "react";
import { passRate, progress } from "../../../../server/domain/progress.ts";
import { runBoardEta } from "./run-eta.ts";
import { isActive } from "../../../../server/domain/run-status.ts";
import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { useLabStream } from "../../shared/live/use-lab-stream.ts";
import { type TestRunSummary, timeOf } from "../../shared/live/wire.ts";
import { AccessNotice } from "../../shared/ui/access-notice.tsx";
import { ConnectionBadge } from "../../shared/ui/connection-badge.tsx";
import { CountList } from "../../shared/ui/count-list.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { RunStatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import { labelsText } from "../../shared/ui/labels-text.ts";
import { useBurnInShift } from "../../shared/ui/use-burn-in-shift.ts";
import { useNow } from "../../shared/ui/use-now.ts";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { ActivityFeed } from "./activity-feed.tsx";
import { HeatMap } from "./heat-map.tsx";
import { ProgressChart } from "./progress-chart.tsx";
import { useRunHistory } from "./use-run-history.ts";

/** When a completed or aborted run ended and how long it took (from its start, else its creation). */
const finishOf = (
  run: TestRunSummary,
): { readonly at: number; readonly tookMs: number; readonly aborted: boolean } | null => {
  if (isActive(run.status)) return null;
  const at = timeOf(run.completedAt ?? run.updatedAt);
  const from = timeOf(run.startedAt ?? run.createdAt);
  if (at <= 0 || from <= 0) return null;
  return { at, tookMs: Math.max(0, at - from), aborted: run.status === "aborted" };
};

/**
 * One run full-screen: the heat-map of every item by section, the summary, a progress chart from
 * the event log extended live, and the recent activity feed.
 */
export const RunBoard = ({ runId }: { readonly runId: string }) => {
  const { t, fmt } = useI18n();
  const { api } = useSession();
  const { state, connection, store, access } = useLabStream(`/api/stream?runs=${encodeURIComponent(runId)}`, null);
  const now = useNow(1_000);
  const serverNow = now + connection.serverOffsetMs;
  const unit = boardUnit(window.innerWidth, window.innerHeight);
  const entry = state.runs.get(runId);
  useDocumentTitle(entry?.run.name ?? null);
  const history = useRunHistory(runId, api, store, Math.max(1, state.generation));
  const [shiftX, shiftY] = useBurnInShift();

  // Chart: the log up to where it was read, then the live points after it; refreshed every 10 s.
  const tenSeconds = Math.floor(serverNow / 10_000);
  const chartInput = useMemo(() => {
    const live = entry?.series.filter((point) => point.seq > history.lastSeq) ?? [];
    const points =
      history.loading && history.points.length === 0 ? (entry?.series ?? []) : [...history.points, ...live];
    const counts = entry?.run.counts;
    const chartNow = tenSeconds * 10_000;
    const eta =
      entry === undefined || counts === undefined || !isActive(entry.run.status)
        ? null
        : runBoardEta(counts, entry.series, chartNow);
    return { points, serverNow: chartNow, eta, total: counts?.total ?? 0 };
  }, [entry, history, tenSeconds]);
  const activity = useMemo(() => state.activity.filter((line) => line.runId === runId), [state.activity, runId]);

  const stale = connection.phase === "stale";
  if (access.kind === "refused") return <AccessNotice refusal={access.refusal} variant="board" />;
  if (state.ready && entry === undefined) {
    return (
      <div className="runboard">
        <p className="wall-empty">{t("runBoard.notFound")}</p>
      </div>
    );
  }
  const counts = entry?.run.counts;
  const rate = counts === undefined ? null : passRate(counts);
  const eta = chartInput.eta;
  const finish = entry === undefined ? null : finishOf(entry.run);

  return (
    <div
      className={`runboard${stale ? " is-stale" : ""}`}
      style={{ transform: `translate(calc(${shiftX} * var(--u)), calc(${shiftY} * var(--u)))` }}
    >
      <header className="wall-head">
        <h1 className="wall-title rb-title">
          {entry === undefined ? null : (
            <RunStatusIcon
              status={entry.run.status}
              className="run-marker"
              label={t(runStatusLabelKey[entry.run.status])}
            />
          )}
          <bdi className="rb-name">{entry?.run.name ?? t("loading")}</bdi>
          {entry === undefined ? null : <span className="rb-labels">{labelsText(entry.run.labels)}</span>}
        </h1>
        <ConnectionBadge connection={connection} className="wall-conn" />
        <div className="wall-head-right">
          <time className="wall-clock" dateTime={new Date(serverNow).toISOString()}>
            {fmt.time(serverNow, false)}
          </time>
        </div>
      </header>
      <main className="rb-body">
        <div className="rb-map">{entry === undefined ? null : <HeatMap items={entry.items} unit={unit} />}</div>
        <aside className="rb-side">
          {counts === undefined ? null : (
            <section className="rb-summary">
              <div className="tile-progress">
                <ProgressBar counts={counts} className="tile-bar" />
                <span className="tile-pct" data-testid="run-pct">
                  {fmt.percent(progress(counts))}
                </span>
              </div>
              <CountList
                counts={counts}
                className="tile-counts"
                showZero={["passed", "failed", "blocked", "skipped", "retest", "untested"]}
              />
              <div className="tile-rates">
                <span>
                  {rate === null
                    ? t("board.passRate", { rate: "—" })
                    : t("board.passRate", { rate: fmt.percent(rate, 1) })}
                </span>
                <span aria-hidden="true"> · </span>
                <span className="rb-eta" data-testid="run-eta">
                  {finish === null
                    ? eta === null
                      ? t("board.etaUnknown")
                      : t("board.eta", { time: fmt.time(eta, false) })
                    : t(finish.aborted ? "runBoard.aborted" : "runBoard.finished", {
                        time: fmt.time(finish.at, false),
                        duration: fmt.duration(finish.tookMs),
                      })}
                </span>
              </div>
            </section>
          )}
          <ProgressChart input={chartInput} unit={unit} />
          <section className="rb-feed">
            <h2 className="rb-feed-title">{t("runBoard.activity")}</h2>
            <ActivityFeed entries={activity} limit={30} />
          </section>
        </aside>
      </main>
    </div>
  );
};
