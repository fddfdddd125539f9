import { useEffect, useRef } from "react";
import type { ItemStatus } from "../../shared/live/wire.ts";
import { resultKeys } from "../../shared/ui/status-meta.ts";

export interface RunKeyActions {
  readonly move: (delta: number) => void;
  readonly record: (status: ItemStatus) => void;
  readonly note: () => void;
  readonly comment: () => void;
  readonly claim: () => void;
  readonly undo: () => void;
  readonly filter: () => void;
}

const nonTextInputs: ReadonlySet<string> = new Set([
  "checkbox",
  "radio",
  "button",
  "submit",
  "reset",
  "file",
  "range",
  "color",
]);

/** True while the tester is typing (a key then belongs to the field, not to the page). */
const typing = (target: EventTarget | null): boolean => {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest("textarea, select") !== null) return true;
  return target instanceof HTMLInputElement && !nonTextInputs.has(target.type);
};

/**
 * The tester's keys: j/k (or ↓/↑) move, p f b s r record, n note, c comment, o "I'm on it",
 * u undo, / filter. Ignored while typing in a field and with Ctrl/Alt/Meta held, so browser
 * shortcuts keep working.
 */
export const useRunKeys = (actions: RunKeyActions): void => {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      if (typing(event.target)) return;
      const a = ref.current;
      const key = event.key;
      const result = resultKeys.find((entry) => entry.key === key);
      let handled = true;
      if (result !== undefined) a.record(result.status);
      else if (key === "j" || key === "ArrowDown") a.move(1);
      else if (key === "k" || key === "ArrowUp") a.move(-1);
      else if (key === "n") a.note();
      else if (key === "c") a.comment();
      else if (key === "o") a.claim();
      else if (key === "u") a.undo();
      else if (key === "/") a.filter();
      else handled = false;
      if (handled) event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
};
