import { useI18n } from "../i18n/use-i18n.ts";
import type { ConnectionStatus } from "../live/event-stream-client.ts";

/**
 * "● LIVE as of 14:03:12" in server time → "reconnecting…" → "stale since 14:03:12". A wall must
 * never look live while it is not.
 */
export const ConnectionBadge = ({
  connection,
  className,
}: {
  readonly connection: ConnectionStatus;
  readonly className?: string;
}) => {
  const { t, fmt } = useI18n();
  const asOf = connection.asOf === null ? null : fmt.time(connection.asOf);
  let text: string;
  switch (connection.phase) {
    case "live":
      text = `${t("conn.live")} · ${t("conn.asOf", { time: asOf ?? "" })}`;
      break;
    case "connecting":
      text = t("conn.connecting");
      break;
    case "reconnecting":
      text = t("conn.reconnecting");
      break;
    case "stale":
      text = asOf === null ? t("conn.staleNever") : t("conn.stale", { time: asOf });
      break;
  }
  // Only the phase is announced; the "as of" time changes with every heartbeat and would chatter.
  const phaseText = connection.phase === "live" ? t("conn.live") : text;
  return (
    <span
      className={`conn conn-${connection.phase}${className === undefined ? "" : ` ${className}`}`}
      data-phase={connection.phase}
    >
      <span className="conn-dot" aria-hidden="true">
        ●
      </span>
      <span className="conn-text">{text}</span>
      <span className="visually-hidden" role="status">
        {phaseText}
      </span>
    </span>
  );
};
