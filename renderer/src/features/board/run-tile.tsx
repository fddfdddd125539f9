import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { paths } from "../../shared/router/routes.ts";
import { NameList } from "../../shared/ui/bidi.tsx";
import { CountList } from "../../shared/ui/count-list.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { RunStatusIcon, StatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import type { Density } from "./grid-layout.ts";
import { QrCode } from "./qr-code.tsx";
import type { TileModel } from "./tile-model.ts";

/** A new failure pulses for this long after it happened, then never again. */
const pulseMs = 6_000;

const failuresShown: Record<Density, number> = { compact: 1, normal: 2, roomy: 3 };

export interface RunTileProps {
  readonly model: TileModel;
  readonly serverNow: number;
  readonly density: Density;
  readonly origin: string;
}

/**
 * One run on the wall, in the order the eye wants it: name and a failing marker, the bar, % done,
 * counts, pass rate and ETA, the newest failures, who is testing and how long ago.
 */
export const RunTile = ({ model, serverNow, density, origin }: RunTileProps) => {
  const { t, tn, fmt } = useI18n();
  const { counts } = model;
  const failures = model.failures.slice(0, failuresShown[density]);
  const pulsing =
    model.newFailureAt !== null &&
    serverNow - model.newFailureAt < pulseMs &&
    serverNow >= model.newFailureAt - pulseMs;
  const active = model.status === "running" || model.status === "planned" || model.status === "paused";
  const testers =
    model.testers.length === 0
      ? t("board.nobodyTesting")
      : tn("board.testing", { names: <NameList names={model.testers} max={3} /> });
  const ago =
    model.lastActivityAt === null
      ? t("board.noActivity")
      : active
        ? fmt.ago(serverNow - model.lastActivityAt)
        : t("board.lastActivity", { ago: fmt.ago(serverNow - model.lastActivityAt) });
  const marker = counts.failed > 0 ? "failed" : counts.blocked > 0 ? "blocked" : null;

  return (
    <article
      className={`tile density-${density}${model.needsAttention ? " tile-attention" : ""}${model.status === "running" ? "" : ` tile-${model.status}`}`}
      data-run-id={model.id}
      aria-label={model.name}
    >
      {pulsing ? <span key={model.newFailureSeq} className="tile-pulse" aria-hidden="true" /> : null}
      <header className="tile-head">
        {marker === null ? (
          <RunStatusIcon
            status={model.status}
            className="tile-marker run-marker"
            label={t(runStatusLabelKey[model.status])}
          />
        ) : (
          <StatusIcon
            status={marker}
            className="tile-marker"
            label={t(marker === "failed" ? "status.failed" : "status.blocked")}
          />
        )}
        <h2 className="tile-name">
          <bdi>{model.name}</bdi>
        </h2>
        {model.status === "running" ? null : (
          <span className="tile-run-status">{t(runStatusLabelKey[model.status])}</span>
        )}
        {counts.failed > 0 ? (
          <span className="tile-fails st-failed-text" data-testid="tile-failed">
            {fmt.number(counts.failed)}
            <StatusIcon status="failed" />
          </span>
        ) : null}
      </header>
      <div className="tile-labels">{model.labels}</div>
      <div className="tile-progress">
        <ProgressBar counts={counts} className="tile-bar" />
        <span className="tile-pct" data-testid="tile-pct">
          {fmt.percent(model.progress)}
        </span>
      </div>
      <CountList counts={counts} className="tile-counts" />
      <div className="tile-rates">
        <span>
          {model.passRate === null
            ? t("board.passRate", { rate: "—" })
            : t("board.passRate", { rate: fmt.percent(model.passRate, 1) })}
        </span>
        <span aria-hidden="true"> · </span>
        <span>{model.eta === null ? t("board.etaUnknown") : t("board.eta", { time: fmt.time(model.eta, false) })}</span>
      </div>
      <ul className="tile-failures">
        {failures.map((failure) => (
          <li key={failure.id} className="tile-failure">
            <StatusIcon status="failed" />
            <bdi className="tile-failure-title">{failure.title}</bdi>
          </li>
        ))}
      </ul>
      <footer className="tile-foot">
        {/* Who is testing matters while a run is open; afterwards only when it last moved. */}
        {active ? (
          <>
            <span className="tile-testers">{testers}</span>
            <span aria-hidden="true"> · </span>
          </>
        ) : null}
        <span className="tile-ago">{ago}</span>
      </footer>
      <QrCode className="tile-qr" url={`${origin}${paths.run(model.id)}`} label={t("board.scan")} />
    </article>
  );
};
