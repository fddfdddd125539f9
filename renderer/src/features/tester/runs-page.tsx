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
import { CountList } from "../../shared/ui/count-list.tsx";
import { labelsText } from "../../shared/ui/labels-text.ts";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { RunStatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import { CreateRunForm } from "./create-run-form.tsx";
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

  return (
    <div className="t-page">
      <TesterHeader connection={access.kind === "refused" ? null : connection} />
      <main className="t-main">
        <h1>{t("runs.title")}</h1>
        {access.kind === "refused" ? <AccessNotice refusal={access.refusal} variant="tester" /> : null}
        {runs.length === 0 && state.ready ? <p>{t("runs.empty")}</p> : null}
        <ul className="run-list">
          {runs.map((run) => (
            <li key={run.id} className="card run-card" data-run-id={run.id}>
              <div className="run-card-head">
                <RunStatusIcon status={run.status} className="run-marker" label={t(runStatusLabelKey[run.status])} />
                <h2 className="run-card-name">
                  <Link to={paths.run(run.id)}>
                    <bdi>{run.name}</bdi>
                  </Link>
                </h2>
                <span className="run-card-status">{t(runStatusLabelKey[run.status])}</span>
                <span className="run-card-pct">{fmt.percent(progress(run.counts))}</span>
              </div>
              <div className="run-card-meta">
                {labelsText(run.labels)}
                {Object.keys(run.labels).length > 0 ? " · " : ""}
                {t("runs.created", { date: fmt.date(timeOf(run.createdAt)) })}
              </div>
              <ProgressBar counts={run.counts} />
              <CountList counts={run.counts} />
              <div className="run-card-links">
                <Link className="btn btn-primary" to={paths.run(run.id)}>
                  {t("runs.record")}
                </Link>
                <Link className="btn" to={paths.runBoard(run.id)}>
                  {t("runs.board")}
                </Link>
              </div>
            </li>
          ))}
        </ul>
        <CreateRunForm />
      </main>
    </div>
  );
};
