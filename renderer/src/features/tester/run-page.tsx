import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { progress } from "../../../../server/domain/progress.ts";
import { canTransition } from "../../../../server/domain/run-status.ts";
import { useSession } from "../../shared/api/use-session.ts";
import { useI18n } from "../../shared/i18n/use-i18n.ts";
import { useLabStream } from "../../shared/live/use-lab-stream.ts";
import { AccessNotice } from "../../shared/ui/access-notice.tsx";
import type { Comment, ItemStatus, RunStatus, TestItem } from "../../shared/live/wire.ts";
import { Link } from "../../shared/router/link.tsx";
import { paths } from "../../shared/router/routes.ts";
import { useRouter } from "../../shared/router/use-router.ts";
import { CountList } from "../../shared/ui/count-list.tsx";
import { labelsText } from "../../shared/ui/labels-text.ts";
import { isolated } from "../../shared/ui/bidi.tsx";
import { ProgressBar } from "../../shared/ui/progress-bar.tsx";
import { statusLabelKey } from "../../shared/ui/status-meta.ts";
import { useNow } from "../../shared/ui/use-now.ts";
import { useDocumentTitle } from "../../shared/ui/use-document-title.ts";
import { type EditorKind, ItemRow } from "./item-row.tsx";
import type { OutboxEntry } from "./outbox.ts";
import { OutboxBanners } from "./outbox-banners.tsx";
import { type Filters, RunFilters } from "./run-filters.tsx";
import { RunStatusControls } from "./run-status-controls.tsx";
import { TesterHeader } from "./tester-header.tsx";
import { ToastArea, useToast } from "./toast-area.tsx";
import { useOutbox } from "./use-outbox.ts";
import { useRemoteChanges } from "./use-remote-changes.ts";
import { isToDo, useRowFocus } from "./use-row-focus.ts";
import { useRunItems } from "./use-run-items.ts";
import { useRunKeys } from "./use-run-keys.ts";

const noComments: ReadonlyArray<Comment> = [];

/**
 * The tester's page for one run: items by section, one click or key per result, recording moves
 * on to the next item still to do; notes, comments and "I'm on it"; other testers' changes
 * appear live and briefly highlighted; undo instead of confirmations; conflicts settled in place.
 */
export const RunPage = ({ runId }: { readonly runId: string }) => {
  const { t, tn } = useI18n();
  const { session, api } = useSession();
  const { navigate, location } = useRouter();
  const { state, connection, store, access } = useLabStream(`/api/stream?runs=${encodeURIComponent(runId)}`, null);
  const { outbox, snapshot: box } = useOutbox(runId, api);
  const now = useNow(1_000);
  const serverNow = now + connection.serverOffsetMs;
  const me = session?.name ?? null;
  const entry = state.runs.get(runId);
  useDocumentTitle(entry?.run.name ?? null);

  const [filters, setFilters] = useState<Filters>({ status: "all", section: "", mine: false, query: "" });
  const [editor, setEditor] = useState<{ readonly id: string; readonly kind: EditorKind } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const runComments = useMemo(
    () => state.comments.filter((comment) => comment.runId === runId),
    [state.comments, runId],
  );
  const { pendingByItem, conflictByItem, items, sections, visible, commentsByItem } = useRunItems(
    entry,
    box.entries,
    runComments,
    filters,
    me,
  );
  const { focusedId, focusRow, setFocusedId, registerRow } = useRowFocus(visible, editor !== null);
  const { toast, show: showToast, undoLast } = useToast();
  const changedBy = useRemoteChanges(entry?.items ?? null, state.generation, me);

  // Comments come from the log once (again after a reset), then live from the stream.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new stream generation (snapshot or reset) must reload the comments
  useEffect(() => {
    const controller = new AbortController();
    api.get<{ comments: Comment[] }>(`/api/test-runs/${encodeURIComponent(runId)}/comments`, controller.signal).then(
      (body) => store.seedComments(body.comments),
      () => undefined,
    );
    return () => controller.abort();
  }, [api, runId, store, state.generation]);

  // The stream is live again, so is the server: send what waited at once.
  useEffect(() => {
    if (connection.phase === "live") outbox.retryNow();
  }, [connection.phase, outbox]);

  const focusedIndex = visible.findIndex((item) => item.id === focusedId);
  const focused = focusedIndex === -1 ? undefined : visible[focusedIndex];

  const requireSession = useCallback((): boolean => {
    if (session !== null) return true;
    navigate(paths.login(location.pathname));
    return false;
  }, [session, navigate, location.pathname]);

  /** The version the tester is looking at: what the server last said, not the pending overlay. */
  const serverVersion = useCallback((itemId: string): number => entry?.items.get(itemId)?.version ?? 0, [entry]);

  const nextToDo = useCallback(
    (fromId: string): string | null => {
      const start = visible.findIndex((item) => item.id === fromId);
      for (let step = 1; step <= visible.length; step++) {
        const candidate = visible[(start + step) % visible.length];
        if (candidate !== undefined && candidate.id !== fromId && isToDo(candidate.status)) return candidate.id;
      }
      return null;
    },
    [visible],
  );

  const record = useCallback(
    (item: TestItem, status: ItemStatus) => {
      if (!requireSession()) return;
      const previous = item.status;
      const baseVersion = serverVersion(item.id);
      const id = outbox.enqueue({ kind: "item", itemId: item.id, patch: { status }, baseVersion });
      showToast(tn("run.recorded", { status: t(statusLabelKey[status]), title: <bdi>{item.title}</bdi> }), () => {
        if (!outbox.cancel(id))
          outbox.enqueue({ kind: "item", itemId: item.id, patch: { status: previous }, baseVersion });
        focusRow(item.id);
        showToast(t("run.undone"), null);
      });
      const next = nextToDo(item.id);
      if (next !== null) focusRow(next);
    },
    [requireSession, serverVersion, outbox, t, tn, showToast, nextToDo, focusRow],
  );

  const claim = useCallback(
    (item: TestItem) => {
      if (!requireSession() || me === null) return;
      const mine = item.assignee === me;
      const baseVersion = serverVersion(item.id);
      const id = outbox.enqueue({ kind: "item", itemId: item.id, patch: { assignee: mine ? null : me }, baseVersion });
      if (mine) return;
      showToast(tn("run.claimed", isolated({ title: item.title })), () => {
        if (!outbox.cancel(id))
          outbox.enqueue({ kind: "item", itemId: item.id, patch: { assignee: item.assignee }, baseVersion });
        showToast(t("run.undone"), null);
      });
    },
    [requireSession, me, serverVersion, outbox, showToast, t, tn],
  );

  // Start, pause, complete…: sent at once (not through the outbox: a run's status is one shared
  // switch, and a refusal such as "cannot go from completed to paused" must be seen now).
  const [statusBusy, setStatusBusy] = useState(false);
  const changeRunStatus = useCallback(
    (to: RunStatus) => {
      if (!requireSession() || entry === undefined) return;
      const send = async (status: RunStatus, from: RunStatus, undoable: boolean): Promise<void> => {
        setStatusBusy(true);
        try {
          await api.request("PUT", `/api/test-runs/${encodeURIComponent(runId)}/status`, { status });
          const back = undoable && canTransition(status, from) ? () => void send(from, status, false) : null;
          showToast(t("runAction.done", { status: t(`runStatus.${status}`) }), back);
        } catch (error) {
          showToast(t("run.refused", { message: error instanceof Error ? error.message : String(error) }), null);
        } finally {
          setStatusBusy(false);
        }
      };
      void send(to, entry.run.status, true);
    },
    [requireSession, entry, api, runId, showToast, t],
  );

  const openEditor = useCallback(
    (id: string, kind: EditorKind | null) => {
      if (kind === null) {
        setEditor(null);
        focusRow(id);
        return;
      }
      if (!requireSession()) return;
      setFocusedId(id);
      setEditor({ id, kind });
    },
    [requireSession, focusRow, setFocusedId],
  );

  const saveNote = useCallback(
    (item: TestItem, note: string) => {
      const previous = item.note;
      const baseVersion = serverVersion(item.id);
      const id = outbox.enqueue({
        kind: "item",
        itemId: item.id,
        patch: { note: note === "" ? null : note },
        baseVersion,
      });
      setEditor(null);
      focusRow(item.id);
      showToast(tn("run.noted", isolated({ title: item.title })), () => {
        if (!outbox.cancel(id))
          outbox.enqueue({ kind: "item", itemId: item.id, patch: { note: previous }, baseVersion });
        showToast(t("run.undone"), null);
      });
    },
    [serverVersion, outbox, focusRow, showToast, t, tn],
  );

  const comment = useCallback(
    (item: TestItem, body: string) => {
      const id = outbox.enqueue({ kind: "comment", itemId: item.id, body });
      setEditor(null);
      focusRow(item.id);
      // A comment can be taken back only while it has not been sent.
      showToast(tn("run.commented", isolated({ title: item.title })), () => {
        if (outbox.cancel(id)) showToast(t("run.undone"), null);
      });
    },
    [outbox, focusRow, showToast, t, tn],
  );

  // A conflict that has just come back: the toast says the result was not recorded and what the
  // other tester set, and the focus goes to the conflict's choices until the tester answers.
  const seenConflicts = useRef(new Set<string>());
  useEffect(() => {
    let fresh: OutboxEntry | null = null;
    for (const conflict of conflictByItem.values())
      if (!seenConflicts.current.has(conflict.id)) {
        seenConflicts.current.add(conflict.id);
        fresh = conflict;
      }
    if (fresh === null || fresh.current === null || fresh.change.kind !== "item") return;
    const current = fresh.current;
    const mine = fresh.change.patch.status;
    const name = <bdi>{current.updatedBy ?? t("activity.someone")}</bdi>;
    const title = <bdi>{current.title}</bdi>;
    showToast(
      mine !== undefined && mine !== current.status
        ? tn("conflict.notRecorded", {
            name,
            title,
            theirs: t(statusLabelKey[current.status]),
            mine: t(statusLabelKey[mine]),
          })
        : tn("conflict.notSaved", { name, title }),
      null,
    );
    if (editor !== null) return;
    setFocusedId(current.id);
    const choice = document.querySelector<HTMLElement>(
      `.row[data-item-id="${CSS.escape(current.id)}"] .conflict [data-action="keep-mine"]`,
    );
    choice?.focus({ preventScroll: true });
    choice?.scrollIntoView({ block: "nearest" });
  }, [conflictByItem, editor, setFocusedId, showToast, t, tn]);

  const settle = useCallback(
    (entryId: string, how: "keepMine" | "takeTheirs") => {
      const itemId = box.entries.find((e) => e.id === entryId && e.change.kind === "item")?.change;
      if (how === "keepMine") outbox.keepMine(entryId);
      else outbox.takeTheirs(entryId);
      if (itemId === undefined || itemId.kind !== "item") return;
      // Back to the row the question was on (already the current row, so set the focus here).
      setFocusedId(itemId.itemId);
      document.querySelector<HTMLElement>(`.row[data-item-id="${CSS.escape(itemId.itemId)}"]`)?.focus();
    },
    [outbox, box.entries, setFocusedId],
  );
  const keepMine = useCallback((entryId: string) => settle(entryId, "keepMine"), [settle]);
  const takeTheirs = useCallback((entryId: string) => settle(entryId, "takeTheirs"), [settle]);

  useRunKeys(
    {
      move: (delta) => {
        const index = focusedIndex === -1 ? 0 : Math.min(visible.length - 1, Math.max(0, focusedIndex + delta));
        const target = visible[index];
        if (target !== undefined) focusRow(target.id);
      },
      record: (status) => {
        if (focused !== undefined) record(focused, status);
      },
      note: () => {
        if (focused !== undefined) openEditor(focused.id, "note");
      },
      comment: () => {
        if (focused !== undefined) openEditor(focused.id, "comment");
      },
      claim: () => {
        if (focused !== undefined) claim(focused);
      },
      undo: undoLast,
      filter: () => searchRef.current?.focus(),
    },
    entry !== undefined && focused !== undefined,
  );

  if (access.kind === "refused") {
    return (
      <div className="t-page">
        <TesterHeader connection={null} />
        <main className="t-main">
          <AccessNotice refusal={access.refusal} variant="tester" />
        </main>
      </div>
    );
  }

  if (state.ready && entry === undefined) {
    return (
      <div className="t-page">
        <TesterHeader connection={connection} />
        <main className="t-main">
          <p>{t("run.notFound")}</p>
          <Link to={paths.runs}>{t("runs.title")}</Link>
        </main>
      </div>
    );
  }

  const groups: Array<{ section: string; items: TestItem[] }> = [];
  for (const item of visible) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.section === item.section) last.items.push(item);
    else groups.push({ section: item.section, items: [item] });
  }

  return (
    <div className="t-page">
      <TesterHeader connection={connection} />
      <main className="t-main">
        <div className="run-head">
          <h1 className="run-title">
            <bdi>{entry?.run.name ?? t("loading")}</bdi>
          </h1>
          {entry === undefined ? null : (
            <>
              <div className="run-card-meta">{labelsText(entry.run.labels)}</div>
              <div className="run-progress">
                <ProgressBar counts={entry.run.counts} />
                <span className="run-card-pct">{`${Math.round(progress(entry.run.counts) * 100)}%`}</span>
              </div>
              <CountList counts={entry.run.counts} />
              <RunStatusControls status={entry.run.status} busy={statusBusy} onChange={changeRunStatus} />
              <Link to={paths.runBoard(runId)} className="run-board-link">
                {t("runs.board")}
              </Link>
            </>
          )}
        </div>

        <OutboxBanners box={box} signedIn={session !== null} here={location.pathname} />
        <RunFilters
          filters={filters}
          onChange={setFilters}
          sections={sections}
          searchRef={searchRef}
          shown={visible.length}
          total={items.length}
          onDone={() => focusRow(focused?.id ?? visible[0]?.id ?? null)}
        />
        <p className="hint keys-hint">{t("run.keys")}</p>

        {visible.length === 0 && entry !== undefined ? <p>{t("run.noItems")}</p> : null}
        {groups.map((group) => (
          <section key={group.section} className="t-section" aria-label={group.section || "—"}>
            <h2 className="t-section-title">
              <bdi>{group.section || "—"}</bdi>
            </h2>
            <ul className="rows">
              {group.items.map((item) => {
                const conflict = conflictByItem.get(item.id) ?? null;
                return (
                  <ItemRow
                    key={item.id}
                    item={item}
                    pending={pendingByItem.has(item.id)}
                    focused={item.id === focusedId}
                    changedBy={changedBy.get(item.id) ?? null}
                    conflict={conflict}
                    me={me}
                    editor={editor?.id === item.id ? editor.kind : null}
                    comments={commentsByItem.get(item.id) ?? noComments}
                    serverNow={conflict === null ? 0 : serverNow}
                    registerRow={registerRow}
                    onFocusRow={setFocusedId}
                    onRecord={record}
                    onClaim={claim}
                    onEditor={openEditor}
                    onSaveNote={saveNote}
                    onComment={comment}
                    onKeepMine={keepMine}
                    onTakeTheirs={takeTheirs}
                  />
                );
              })}
            </ul>
          </section>
        ))}
      </main>
      <ToastArea toast={toast} />
    </div>
  );
};
