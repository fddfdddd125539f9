import type { KeyboardEvent } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { type ItemStatus, type TestItem, timeOf } from "../../shared/live/wire.ts";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { statusLabelKey } from "../../shared/ui/status-meta.ts";
import type { ItemPatch } from "./outbox.ts";

const StatusWord = ({ status }: { readonly status: ItemStatus }) => {
  const { t } = useI18n();
  return (
    <span className={`status-word st-${status}-text`}>
      <StatusIcon status={status} />
      {t(statusLabelKey[status])}
    </span>
  );
};

/**
 * A conflict as a conversation: "Ken marked this ✗ 5 s ago — keep yours (✓) or take Ken's?",
 * with both answers one click (or Enter) away.
 */
export const ConflictNotice = ({
  current,
  mine,
  serverNow,
  onKeepMine,
  onTakeTheirs,
}: {
  readonly current: TestItem;
  readonly mine: ItemPatch;
  readonly serverNow: number;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}) => {
  const { t, tn, fmt } = useI18n();
  const name = current.updatedBy ?? t("activity.someone");
  const who = (
    <b>
      <bdi>{name}</bdi>
    </b>
  );
  const ago = fmt.ago(serverNow - timeOf(current.updatedAt));
  // Until the tester answers, Tab goes from one choice to the other instead of leaving the question.
  const keepTabInside = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== "Tab") return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  const isResult = mine.status !== undefined && mine.status !== current.status;
  return (
    <div className="conflict" role="alert" onKeyDown={keepTabInside}>
      <p className="conflict-text">
        {isResult && mine.status !== undefined
          ? tn("conflict.result", {
              name: who,
              theirs: <StatusWord status={current.status} />,
              ago,
              mine: <StatusWord status={mine.status} />,
            })
          : tn("conflict.other", { name: who, ago })}
      </p>
      <div className="conflict-actions">
        <button type="button" className="btn btn-primary" onClick={onKeepMine} data-action="keep-mine">
          {t("conflict.keepMine")}
          {mine.status === undefined ? null : (
            <span>
              (<StatusWord status={mine.status} />)
            </span>
          )}
        </button>
        <button type="button" className="btn" onClick={onTakeTheirs} data-action="take-theirs">
          {tn("conflict.takeTheirs", { name: <bdi>{name}</bdi> })}
          <span>
            (<StatusWord status={current.status} />)
          </span>
        </button>
      </div>
    </div>
  );
};
