import { type KeyboardEvent, memo, useState } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { type Comment, type ItemStatus, type TestItem, timeOf } from "../../shared/live/wire.ts";
import { isolated } from "../../shared/ui/bidi.tsx";
import { StatusIcon } from "../../shared/ui/status-icon.tsx";
import { resultKeys, statusLabelKey } from "../../shared/ui/status-meta.ts";
import { ConflictNotice } from "./conflict-notice.tsx";
import type { OutboxEntry } from "./outbox.ts";

export type EditorKind = "note" | "comment";

export interface ItemRowProps {
  readonly item: TestItem;
  readonly pending: boolean;
  readonly focused: boolean;
  /** Name of whoever else just changed this item (brief highlight), or null. */
  readonly changedBy: string | null;
  readonly conflict: OutboxEntry | null;
  readonly me: string | null;
  readonly editor: EditorKind | null;
  readonly comments: ReadonlyArray<Comment>;
  readonly serverNow: number;
  readonly registerRow: (id: string, element: HTMLLIElement | null) => void;
  readonly onFocusRow: (id: string) => void;
  readonly onRecord: (item: TestItem, status: ItemStatus) => void;
  readonly onClaim: (item: TestItem) => void;
  readonly onEditor: (id: string, kind: EditorKind | null) => void;
  readonly onSaveNote: (item: TestItem, note: string) => void;
  readonly onComment: (item: TestItem, body: string) => void;
  readonly onKeepMine: (entryId: string) => void;
  readonly onTakeTheirs: (entryId: string) => void;
}

const Editor = ({
  kind,
  initial,
  onSave,
  onCancel,
}: {
  readonly kind: EditorKind;
  readonly initial: string;
  readonly onSave: (text: string) => void;
  readonly onCancel: () => void;
}) => {
  const { t } = useI18n();
  const [text, setText] = useState(initial);
  const submit = () => {
    if (kind === "comment" && text.trim() === "") return;
    onSave(text.trim());
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    } else if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <div className="editor">
      <textarea
        className="input textarea"
        rows={2}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={t(kind === "note" ? "run.notePlaceholder" : "run.commentPlaceholder")}
        aria-label={t(kind === "note" ? "run.note" : "run.comment")}
        maxLength={10_000}
        // biome-ignore lint/a11y/noAutofocus: the note editor opens on a key press; typing goes straight into it
        autoFocus
      />
      <div className="editor-actions">
        <button type="button" className="btn btn-primary" onClick={submit}>
          {t(kind === "note" ? "run.save" : "run.send")}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t("run.cancel")}
        </button>
      </div>
    </div>
  );
};

/** One item: its result, who is on it, one button per result, note and comments. */
export const ItemRow = memo((props: ItemRowProps) => {
  const { item, pending, focused, changedBy, conflict, me, editor, comments, serverNow } = props;
  const { t, tn, fmt } = useI18n();
  const claimedByOther = item.assignee !== null && item.assignee !== me;
  const claimedByMe = item.assignee !== null && item.assignee === me;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: rows are reached by the list's own keys (arrows, j/k); a click only moves that focus
    <li
      ref={(element) => props.registerRow(item.id, element)}
      className={`row st-row-${item.status}${focused ? " is-focused" : ""}${changedBy === null ? "" : " is-changed"}${pending ? " is-pending" : ""}`}
      tabIndex={focused ? 0 : -1}
      data-item-id={item.id}
      data-status={item.status}
      aria-current={focused ? "true" : undefined}
      onFocus={(event) => {
        if (event.target === event.currentTarget || !focused) props.onFocusRow(item.id);
      }}
      onClick={() => props.onFocusRow(item.id)}
    >
      <div className="row-main">
        <span className={`row-status st-${item.status}-text`}>
          <StatusIcon status={item.status} />
          <span className="row-status-label">{t(statusLabelKey[item.status])}</span>
        </span>
        <bdi className="row-title">{item.title}</bdi>
        {item.key === null ? null : <bdi className="row-key">{item.key}</bdi>}
        {claimedByOther ? (
          <span className="row-claim">{tn("run.theyAreOn", isolated({ name: item.assignee ?? "" }))}</span>
        ) : null}
        {claimedByMe ? <span className="row-claim row-claim-me">{t("run.youAreOn")}</span> : null}
        {pending ? <span className="row-pending">{t("run.sending")}</span> : null}
        {changedBy === null ? null : (
          <span className="row-changed">
            {tn("run.changedBy", isolated({ name: changedBy === "" ? t("activity.someone") : changedBy }))}
          </span>
        )}
      </div>
      <div className="row-actions">
        {resultKeys.map(({ status, key }) => (
          <button
            key={status}
            type="button"
            className={`btn result-btn st-btn-${status}${item.status === status ? " is-current" : ""}`}
            aria-pressed={item.status === status}
            aria-label={t("run.record", { status: t(statusLabelKey[status]) })}
            title={`${t(statusLabelKey[status])} (${key})`}
            data-result={status}
            tabIndex={focused ? 0 : -1}
            onClick={(event) => {
              event.stopPropagation();
              props.onFocusRow(item.id);
              props.onRecord(item, status);
            }}
          >
            <StatusIcon status={status} />
            <span className="result-label">{t(statusLabelKey[status])}</span>
          </button>
        ))}
        <button
          type="button"
          className={`btn btn-quiet${claimedByMe ? " is-current" : ""}`}
          aria-pressed={claimedByMe}
          title={`${t(claimedByMe ? "run.release" : "run.onIt")} (o)`}
          tabIndex={focused ? 0 : -1}
          onClick={(event) => {
            event.stopPropagation();
            props.onClaim(item);
          }}
        >
          {t(claimedByMe ? "run.release" : "run.onIt")}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          title={`${t("run.note")} (n)`}
          tabIndex={focused ? 0 : -1}
          onClick={(event) => {
            event.stopPropagation();
            props.onEditor(item.id, "note");
          }}
        >
          {t("run.note")}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          title={`${t("run.comment")} (c)`}
          tabIndex={focused ? 0 : -1}
          onClick={(event) => {
            event.stopPropagation();
            props.onEditor(item.id, "comment");
          }}
        >
          {t("run.comment")}
        </button>
      </div>
      {conflict !== null && conflict.current !== null && conflict.change.kind === "item" ? (
        <ConflictNotice
          current={conflict.current}
          mine={conflict.change.patch}
          serverNow={serverNow}
          onKeepMine={() => props.onKeepMine(conflict.id)}
          onTakeTheirs={() => props.onTakeTheirs(conflict.id)}
        />
      ) : null}
      {item.note === null || editor === "note" ? null : (
        <p className="row-note">
          <bdi>{item.note}</bdi>
        </p>
      )}
      {editor === null ? null : (
        <Editor
          kind={editor}
          initial={editor === "note" ? (item.note ?? "") : ""}
          onCancel={() => props.onEditor(item.id, null)}
          onSave={(text) => (editor === "note" ? props.onSaveNote(item, text) : props.onComment(item, text))}
        />
      )}
      {comments.length === 0 ? null : (
        <details className="row-comments" open={focused}>
          <summary>{t("run.comments", { n: comments.length })}</summary>
          <ul>
            {comments.slice(0, focused ? 10 : 2).map((comment) => (
              <li key={comment.id} className="comment">
                <b>
                  <bdi>{comment.author}</bdi>
                </b>{" "}
                <time>{fmt.time(timeOf(comment.createdAt), false)}</time> —{" "}
                <bdi className="comment-body">{comment.body}</bdi>
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
});
