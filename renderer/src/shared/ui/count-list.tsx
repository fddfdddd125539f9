import { useI18n } from "../i18n/use-i18n.ts";
import type { ItemStatus, RunCounts } from "../live/wire.ts";
import { StatusIcon } from "./status-icon.tsx";
import { barOrder, statusLabelKey } from "./status-meta.ts";

/** "212✓ 3✗ 1⛔ 4↷ / 300": counts with glyphs; zero counts of rare results are left out. */
export const CountList = ({
  counts,
  className,
  showZero = ["passed", "failed"],
}: {
  readonly counts: RunCounts;
  readonly className?: string;
  readonly showZero?: ReadonlyArray<ItemStatus>;
}) => {
  const { t, fmt } = useI18n();
  return (
    <span className={className === undefined ? "counts" : `counts ${className}`}>
      {barOrder.map((status) =>
        counts[status] === 0 && !showZero.includes(status) ? null : (
          <span
            key={status}
            className={`count st-${status}-text`}
            title={t(statusLabelKey[status])}
            data-status={status}
          >
            <span className="count-n">{fmt.number(counts[status])}</span>
            <StatusIcon status={status} label={t(statusLabelKey[status])} />
          </span>
        ),
      )}
      <span className="count-total">{t("board.total", { total: fmt.number(counts.total) })}</span>
    </span>
  );
};
