import { allowedTransitions } from "../../../../server/domain/run-status.ts";
import type { MessageKey } from "../../shared/i18n/messages-en.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import type { RunStatus } from "../../shared/live/wire.ts";

/** What a button that moves a run from `from` to `to` says: "Resume" a paused run, "Reopen" a finished one. */
export const statusActionKey = (from: RunStatus, to: RunStatus): MessageKey => {
  switch (to) {
    case "running":
      return from === "planned" ? "runAction.start" : from === "paused" ? "runAction.resume" : "runAction.reopen";
    case "paused":
      return "runAction.pause";
    case "completed":
      return "runAction.complete";
    case "aborted":
      return "runAction.abort";
    case "planned":
      return "runAction.start";
  }
};

/**
 * The run's status and the moves it allows (domain/run-status.ts): start, pause, resume, complete,
 * abort, reopen. No confirmation: the toast that follows offers undo where the move back is allowed.
 */
export const RunStatusControls = ({
  status,
  busy,
  onChange,
}: {
  readonly status: RunStatus;
  readonly busy: boolean;
  readonly onChange: (to: RunStatus) => void;
}) => {
  const { t } = useI18n();
  return (
    <div className="run-status" data-key="run-status">
      <span className={`run-status-now run-status-${status}`}>
        {t("runAction.now")} <strong>{t(`runStatus.${status}`)}</strong>
      </span>
      {allowedTransitions(status).map((to) => (
        <button
          key={to}
          type="button"
          className={`btn run-status-btn run-status-to-${to}`}
          disabled={busy}
          data-status={to}
          onClick={() => onChange(to)}
        >
          {t(statusActionKey(status, to))}
        </button>
      ))}
    </div>
  );
};
