import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { isolate, NameList } from "../../shared/ui/bidi.tsx";
import { CountList } from "../../shared/ui/count-list.tsx";
import { MiddleEllipsis } from "../../shared/ui/middle-ellipsis.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import type { Density } from "./grid-layout.ts";
import type { TileModel } from "./tile-model.ts";
import { freshness, HealthMarker, healthClasses, isPulsing, timeLine } from "./tile-parts.tsx";

const failuresShown: Record<Density, number> = { compact: 1, normal: 2, roomy: 3 };

export interface RunTileProps {
  readonly model: TileModel;
  readonly serverNow: number;
  /** Full tiles show labels, pass rate and up to 3 failures; compact ones the essentials. */
  readonly level: "full" | "compact";
  readonly density: Density;
}

/**
 * One run on the wall, in the order the eye wants it: glyph, name and failure count, the bar and
 * % done, counts, pass rate and ETA (or when it finished and how long it took), the newest
 * failures, then how long ago it moved and who is testing. The border says failing, blocked,
 * clean or finished.
 */
export const RunTile = ({ model, serverNow, level, density }: RunTileProps) => {
  const i18n = useI18n();
  const { t, tn, fmt } = i18n;
  const { counts } = model;
  const full = level === "full";
  const failures = model.failures.slice(0, full ? failuresShown[density] : 1);
  const active = model.finishedAt === null;
  const testers =
    model.testers.length === 0
      ? t("board.nobodyTesting")
      : tn("board.testing", { names: <NameList names={model.testers} max={3} /> });

  return (
    <article
      className={`tile tile-${level} density-${density} ${healthClasses(model)}`}
      data-run-id={model.id}
      data-health={model.health}
      aria-label={model.name}
    >
      {isPulsing(model, serverNow) ? (
        <span key={model.newFailureSeq} className="tile-pulse" aria-hidden="true" />
      ) : null}
      <header className="tile-head">
        <HealthMarker model={model} className="tile-marker" />
        <h2 className="tile-name" title={isolate(model.name)}>
          <MiddleEllipsis text={model.name} />
        </h2>
        {model.status === "running" ? null : (
          <span className="tile-run-status" data-key="status">
            {t(runStatusLabelKey[model.status])}
          </span>
        )}
        {counts.failed > 0 ? (
          <span className="tile-fails st-failed-text" data-testid="tile-failed" data-key="fails">
            {fmt.number(counts.failed)}
            <StatusIcon status="failed" />
          </span>
        ) : null}
      </header>
      {full && model.labels !== "" ? <div className="tile-labels">{model.labels}</div> : null}
      <div className="tile-progress">
        <ProgressBar counts={counts} className="tile-bar" />
        <span className="tile-pct" data-testid="tile-pct" data-key="pct">
          {fmt.percent(model.progress)}
        </span>
      </div>
      <CountList counts={counts} className="tile-counts" hide={["untested"]} />
      <div className="tile-rates">
        {full ? (
          <span className="tile-rate" data-key="rate">
            {model.passRate === null
              ? t("board.passRate", { rate: "—" })
              : t("board.passRate", { rate: fmt.percent(model.passRate, 1) })}
          </span>
        ) : null}
        <span className="tile-time" data-testid="tile-time" data-key="time">
          {timeLine(model, i18n, false)}
        </span>
      </div>
      <ul className="tile-failures">
        {failures.map((failure) => (
          <li key={failure.id} className="tile-failure">
            <StatusIcon status="failed" />
            <bdi className="tile-failure-title" title={isolate(failure.title)}>
              {failure.title}
            </bdi>
          </li>
        ))}
      </ul>
      <footer className="tile-foot">
        {/* How long ago always shows; who is testing takes what room is left, while the run is open. */}
        <span className="tile-ago" data-key="ago">
          {freshness(model, serverNow, i18n)}
        </span>
        {active ? <span className="tile-testers">{testers}</span> : null}
      </footer>
    </article>
  );
};
