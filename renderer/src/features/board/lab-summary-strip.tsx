import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import type { LabSummary } from "./lab-summary.ts";

/**
 * The lab in one line under the header: "40 runs · 12 ✗ failing · 3 ⛔ blocked · 5 finished ·
 * 71% done 8,912 / 12,500 · 9 testing". Failing and blocked take their colours only when
 * non-zero.
 */
export const LabSummaryStrip = ({ summary }: { readonly summary: LabSummary }) => {
  const { t, fmt } = useI18n();
  const n = (value: number) => fmt.number(value);
  return (
    <section className="wall-summary" aria-label={t("board.summaryLabel")} data-testid="wall-summary">
      <span className="ws-item ws-runs" data-key="runs">
        {t("board.summaryRuns", { n: n(summary.runs) })}
      </span>
      <span
        data-key="failing"
        className={`ws-item ws-failing${summary.failing > 0 ? " st-failed-text" : " count-zero"}`}
      >
        <StatusIcon status="failed" />
        {t("board.summaryFailing", { n: n(summary.failing) })}
      </span>
      <span
        data-key="blocked"
        className={`ws-item ws-blocked${summary.blocked > 0 ? " st-blocked-text" : " count-zero"}`}
      >
        <StatusIcon status="blocked" />
        {t("board.summaryBlocked", { n: n(summary.blocked) })}
      </span>
      {summary.finished > 0 ? (
        <span className="ws-item ws-finished">{t("board.summaryFinished", { n: n(summary.finished) })}</span>
      ) : null}
      <span className="ws-item ws-done" data-key="done">
        <strong>{t("board.summaryDone", { pct: fmt.percent(summary.progress) })}</strong>{" "}
        <span className="ws-results">
          {t("board.summaryResults", { done: n(summary.done), total: n(summary.total) })}
        </span>
      </span>
      <span className="ws-item ws-testing">{t("board.summaryTesting", { n: n(summary.testers) })}</span>
    </section>
  );
};
