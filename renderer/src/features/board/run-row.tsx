import { memo } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { isolate } from "../../shared/ui/bidi.tsx";
import { MiddleEllipsis } from "../../shared/ui/middle-ellipsis.tsx";
import { CountList } from "../../shared/ui/count-list.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import type { TileModel } from "./tile-model.ts";
import { HealthMarker, healthClasses, timeLine } from "./tile-parts.tsx";

/**
 * The densest level: one run on one line — glyph, name, % done, passed / failed / blocked, ETA
 * (when there is one) or finish time — with its progress bar along the bottom edge. A `lean`
 * row (3 columns at 1080p) leaves out the passed count so the name keeps room; skipped,
 * retest and the total are on the tiles and the run board. The border and glyph still say failing, blocked,
 * clean or finished; a new failure is marked "new" (for ten minutes) rather than pulsed: with 40
 * rows on a busy wall some row would always be pulsing, and the pulses cost the wall its frame
 * rate.
 */
export const RunRow = memo(function RunRow({ model, lean }: { readonly model: TileModel; readonly lean: boolean }) {
  const i18n = useI18n();
  const { t, fmt } = i18n;
  return (
    <article
      className={`tile tile-row ${healthClasses(model)}`}
      data-run-id={model.id}
      data-health={model.health}
      aria-label={model.name}
    >
      <HealthMarker model={model} className="row-marker" />
      <h2 className="row-name tile-name" title={isolate(model.name)}>
        <MiddleEllipsis text={model.name} />
      </h2>
      {model.newFailure ? (
        <span className="row-new" data-key="new">
          {t("board.newFailure")}
        </span>
      ) : null}
      <span className="row-pct tile-pct" data-testid="tile-pct" data-key="pct">
        {fmt.percent(model.progress)}
      </span>
      <CountList
        counts={model.counts}
        className="row-counts tile-counts"
        showZero={lean ? [] : ["passed"]}
        hide={lean ? ["untested", "skipped", "retest", "passed"] : ["untested", "skipped", "retest"]}
        total={false}
      />
      {model.finishedAt === null && model.eta === null ? null : (
        <span className="row-time tile-time" data-testid="tile-time" data-key="time">
          {timeLine(model, i18n, true)}
        </span>
      )}
      <ProgressBar counts={model.counts} className="row-bar" />
    </article>
  );
});
