import { useI18n } from "../i18n/use-i18n.ts";
import type { RunCounts } from "../live/wire.ts";
import { barOrder, statusLabelKey } from "./status-meta.ts";

/** A bar with one segment per result, coloured and patterned (readable without colour vision). */
export const ProgressBar = ({ counts, className }: { readonly counts: RunCounts; readonly className?: string }) => {
  const { t, fmt } = useI18n();
  const total = counts.total;
  const summary = barOrder
    .filter((status) => counts[status] > 0)
    .map((status) => `${fmt.number(counts[status])} ${t(statusLabelKey[status])}`)
    .join(", ");
  return (
    <div className={className === undefined ? "bar" : `bar ${className}`} role="img" aria-label={summary}>
      {total === 0
        ? null
        : barOrder.map((status) =>
            counts[status] === 0 ? null : (
              <span key={status} className={`bar-seg st-${status}`} style={{ flexGrow: counts[status] }} />
            ),
          )}
    </div>
  );
};
