import type { I18n } from "../../shared/i18n/i18n-context.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { RunStatusIcon, StatusIcon } from "../../shared/ui/status-icon.tsx";
import { runStatusLabelKey } from "../../shared/ui/status-meta.ts";
import type { TileModel } from "./tile-model.ts";

/** A new failure pulses for this long after it happened, then never again. */
export const pulseMs = 6_000;

export const isPulsing = (model: TileModel, serverNow: number): boolean =>
  model.newFailureAt !== null && serverNow - model.newFailureAt < pulseMs && serverNow >= model.newFailureAt - pulseMs;

/** The cell's classes: its health (border), its run status and whether it is new. */
export const healthClasses = (model: TileModel): string =>
  `health-${model.health} run-${model.status}${model.newFailure ? " is-new-failure" : ""}${model.stalled ? " is-stalled" : ""}`;

/** The glyph that says failing (✗), blocked (⛔) or the run's own state (▶ ⏸ ○ ✓ ■). */
export const HealthMarker = ({ model, className }: { readonly model: TileModel; readonly className: string }) => {
  const { t } = useI18n();
  if (model.health === "failing" || model.health === "blocked") {
    const status = model.health === "failing" ? "failed" : "blocked";
    return (
      <StatusIcon
        status={status}
        className={`${className} marker-${model.health}`}
        label={t(status === "failed" ? "status.failed" : "status.blocked")}
      />
    );
  }
  return (
    <RunStatusIcon
      status={model.status}
      className={`${className} run-marker marker-${model.health}`}
      label={t(runStatusLabelKey[model.status])}
    />
  );
};

/** "ETA 16:40" while open; "finished 16:42 · took 3 h 12 min" once done. */
export const timeLine = (model: TileModel, { t, fmt }: Pick<I18n, "t" | "fmt">, short: boolean): string => {
  if (model.finishedAt !== null) {
    const time = fmt.time(model.finishedAt, false);
    if (short) return t("board.finishedShort", { time });
    return model.durationMs === null
      ? t("board.finishedAt", { time })
      : t("board.finished", { time, duration: fmt.duration(model.durationMs) });
  }
  if (model.eta === null) return t("board.etaUnknown");
  return t(short ? "board.etaShort" : "board.eta", { time: fmt.time(model.eta, false) });
};

/** How long ago the run last moved: "2 min ago", or "no result for 42 min" when it stalls. */
export const freshness = (model: TileModel, serverNow: number, { t, fmt }: Pick<I18n, "t" | "fmt">): string => {
  if (model.lastActivityAt === null) return t("board.noActivity");
  const since = serverNow - model.lastActivityAt;
  if (model.stalled) return t("board.stalled", { duration: fmt.duration(since) });
  if (model.finishedAt === null) return fmt.ago(since);
  return t("board.lastActivity", { ago: fmt.ago(since) });
};
