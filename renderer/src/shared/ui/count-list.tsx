import { useI18n } from "../i18n/use-i18n.ts";
import type { ItemStatus, RunCounts } from "../live/wire.ts";
import { StatusIcon } from "./status-icon.tsx";
import { barOrder, statusLabelKey } from "./status-meta.ts";

/**
 * "212✓ 3✗ 1⛔ 4↷ / 300": counts with glyphs. Zero counts of rare results are left out; a zero
 * that is shown (`showZero`) is drawn muted, never in its status colour (a clean run shows no
 * red). `hide` leaves statuses out altogether (a wall does not list untested items: the total
 * says it).
 */
export const CountList = ({
  counts,
  className,
  showZero = ["passed", "failed"],
  hide = [],
  total = true,
}: {
  readonly counts: RunCounts;
  readonly className?: string;
  readonly showZero?: ReadonlyArray<ItemStatus>;
  readonly hide?: ReadonlyArray<ItemStatus>;
  /** Whether "/ 300" ends the list. */
  readonly total?: boolean;
}) => {
  const { t, fmt } = useI18n();
  const shown = barOrder.filter(
    (status) => !hide.includes(status) && (counts[status] !== 0 || showZero.includes(status)),
  );
  const count = (status: ItemStatus) => (
    <span
      key={status}
      className={`count ${counts[status] === 0 ? "count-zero" : `st-${status}-text`}`}
      title={t(statusLabelKey[status])}
      data-status={status}
    >
      <span className="count-n">{fmt.number(counts[status])}</span>
      <StatusIcon status={status} label={t(statusLabelKey[status])} />
    </span>
  );
  const last = shown[shown.length - 1];
  const totalText = total ? (
    <span className="count-total">{t("board.total", { total: fmt.number(counts.total) })}</span>
  ) : null;
  return (
    <span className={className === undefined ? "counts" : `counts ${className}`}>
      {shown.slice(0, -1).map(count)}
      {/* The total never wraps alone onto a line ("/ 300"): it stays with the last count. */}
      {last === undefined ? (
        totalText
      ) : (
        <span className="count-last">
          {count(last)}
          {totalText}
        </span>
      )}
    </span>
  );
};
