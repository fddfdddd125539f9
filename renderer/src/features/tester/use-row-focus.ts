import { useCallback, useEffect, useRef, useState } from "react";
import type { ItemStatus, TestItem } from "../../shared/live/wire.ts";

export const isToDo = (status: ItemStatus): boolean => status === "untested" || status === "retest";

export interface RowFocus {
  readonly focusedId: string | null;
  /** Moves the focus to a row, the keyboard focus included. */
  readonly focusRow: (id: string | null) => void;
  /** Marks a row as current without moving the keyboard focus (it is already there). */
  readonly setFocusedId: (id: string | null) => void;
  readonly registerRow: (id: string, element: HTMLLIElement | null) => void;
}

/**
 * The focused row: one row is current (roving tabindex); keyboard moves put the real focus on
 * it and scroll it into view. Starts on the first item still to do. Waits while an editor is open.
 */
export const useRowFocus = (visible: ReadonlyArray<TestItem>, editorOpen: boolean): RowFocus => {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());
  const pending = useRef(false);

  const focusRow = useCallback((id: string | null) => {
    pending.current = true;
    setFocusedId(id);
  }, []);

  useEffect(() => {
    if (focusedId !== null && visible.some((item) => item.id === focusedId)) return;
    const first = visible.find((item) => isToDo(item.status)) ?? visible[0];
    if (first === undefined) return;
    // Take the keyboard focus only if nothing else has it (a fresh page), never from a field.
    pending.current = pending.current || document.activeElement === document.body || document.activeElement === null;
    setFocusedId(first.id);
  }, [visible, focusedId]);

  useEffect(() => {
    if (!pending.current || focusedId === null || editorOpen) return;
    pending.current = false;
    const row = rows.current.get(focusedId);
    row?.focus({ preventScroll: true });
    row?.scrollIntoView({ block: "nearest" });
  }, [focusedId, editorOpen]);

  const registerRow = useCallback((id: string, element: HTMLLIElement | null) => {
    if (element === null) rows.current.delete(id);
    else rows.current.set(id, element);
  }, []);

  return { focusedId, focusRow, setFocusedId, registerRow };
};
