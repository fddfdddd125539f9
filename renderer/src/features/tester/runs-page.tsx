import { useEffect, useMemo, useState } from "react";
import { progress } from "../../../../server/domain/progress.ts";
import { isActive } from "../../../../server/domain/run-status.ts";
import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { useLabStream } from "../../shared/live/use-lab-stream.ts";
import { AccessNotice } from "../../shared/ui/access-notice.tsx";
import { timeOf, type TestRunSummary } from "../../shared/live/wire.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import { labelsText } from "../../shared/ui/labels-text.ts";
import { isolate } from "../../shared/ui/bidi.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { RunStatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import { CreateRunForm } from "./create-run-form.tsx";
import {
  countByRunFilter,
  matchesRunQuery,
  matchesRunStatus,
  type RunStatusFilter,
  runStatusFilters,
} from "./run-list-filter.ts";
import { TesterHeader } from "./tester-header.tsx";

/** Every run with live counts (the stream) plus older ones from the list endpoint; and a form to create one. */
export const RunsPage = () => {
  const { t, fmt } = useI18n();
  const { api } = useSession();
  const { state, connection, access } = useLabStream("/api/stream?all=1");
  const [listed, setListed] = useState<ReadonlyArray<TestRunSummary>>([]);
  useDocumentTitle(t("runs.title"));

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stream generation (snapshot or reset) must reload the list
  useEffect(() => {
    const controller = new AbortController();
    api.get<{ runs: TestRunSummary[] }>("/api/test-runs?limit=200", controller.signal).then(
      (body) => setListed(body.runs),
      () => undefined,
    );
    return () => controller.abort();
  }, [api, state.generation]);

  const runs = useMemo(() => {
    const byId = new Map<string, TestRunSummary>();
    for (const run of listed) byId.set(run.id, run);
    for (const entry of state.runs.values()) byId.set(entry.run.id, entry.run);
    // Runs still in progress first, newest first within each group.
    return [...byId.values()].sort(
      (a, b) => Number(isActive(b.status)) - Number(isActive(a.status)) || timeOf(b.createdAt) - timeOf(a.createdAt),
    );
  }, [listed, state.runs]);

  const [query, setQuery] = useState("");
  const [statusFilter, setStatusFilter] = useState<RunStatusFilter>("all");
  const searched = useMemo(() => runs.filter((run) => matchesRunQuery(run, query)), [runs, query]);
  const counts = useMemo(() => countByRunFilter(searched), [searched]);
  const shown = useMemo(
    () => searched.filter((run) => matchesRunStatus(run.status, statusFilter)),
    [searched, statusFilter],
  );
  const filterLabel = (filter: RunStatusFilter): string =>
    filter === "all"
      ? t("runs.filterAll")
      : filter === "active"
        ? t("runs.filterActive")
        : t(runStatusLabelKey[filter]);

  return (
    <div className="t-page">
      <TesterHeader connection={access.kind === "refused" ? null : connection} />
      <main className="t-main">
        <div className="runs-top">
          <h1 className="runs-title">{t("runs.title")}</h1>
          {runs.length === 0 ? null : (
            // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers some labs keep on their wall PCs; the role says the same
            <div className="runs-search" role="search">
              <input
                className="input filter-search"
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                placeholder={t("runs.search")}
                aria-label={t("runs.search")}
              />
              <span className="hint runs-shown" aria-live="polite">
                {t("runs.shown", { shown: fmt.number(shown.length), total: fmt.number(runs.length) })}
              </span>
            </div>
          )}
        </div>
        {access.kind === "refused" ? <AccessNotice refusal={access.refusal} variant="tester" /> : null}
        {runs.length === 0 && state.ready ? <p>{t("runs.empty")}</p> : null}
        {runs.length === 0 ? null : (
          <div className="runs-filters">
            <fieldset className="run-status-filter">
              <legend className="visually-hidden">{t("runs.statusFilter")}</legend>
              {runStatusFilters.map((filter) => (
                <button
                  key={filter}
                  type="button"
                  className={`btn chip${statusFilter === filter ? " is-current" : ""}`}
                  aria-pressed={statusFilter === filter}
                  data-filter={filter}
                  onClick={() => setStatusFilter(filter)}
                >
                  {filter === "all" || filter === "active" ? null : <RunStatusIcon status={filter} />}
                  {filterLabel(filter)}
                  <span className="chip-count">{fmt.number(counts.get(filter) ?? 0)}</span>
                </button>
              ))}
            </fieldset>
          </div>
        )}
        {runs.length > 0 && shown.length === 0 ? <p>{t("runs.noMatch")}</p> : null}
        <ul className="run-list">
          {shown.map((run) => (
            <li key={run.id} className="run-card" data-run-id={run.id} data-status={run.status}>
              <span className={`run-card-status run-st-${run.status}`}>
                <RunStatusIcon status={run.status} className="run-marker" />
                {t(runStatusLabelKey[run.status])}
              </span>
              <div className="run-card-main">
                <Link className="run-card-name" to={paths.run(run.id)} title={isolate(run.name)}>
                  <bdi>{run.name}</bdi>
                </Link>
                <span className="run-card-meta">
                  {labelsText(run.labels)}
                  {Object.keys(run.labels).length > 0 ? " · " : ""}
                  {t("runs.created", { date: fmt.date(timeOf(run.createdAt)) })}
                </span>
              </div>
              <ProgressBar counts={run.counts} />
              <span className="run-card-pct">{fmt.percent(progress(run.counts))}</span>
              <Link className="btn btn-quiet run-card-board" to={paths.runBoard(run.id)}>
                {t("runs.board")}
              </Link>
            </li>
          ))}
        </ul>
        <CreateRunForm />
      </main>
    </div>
  );
};
