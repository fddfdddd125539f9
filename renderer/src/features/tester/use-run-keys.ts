import { useEffect, useRef, useState } from "react";
import type { ItemStatus } from "../../shared/live/wire.ts";
import { earlyKeys, type RunKeyAction, runKeyAction } from "./run-key-map.ts";
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

const dispatch = (a: RunKeyActions, action: RunKeyAction): void => {
  if (action.kind === "record") a.record(action.status);
  else if (action.kind === "move") a.move(action.delta);
  else if (action.kind === "note") a.note();
  else if (action.kind === "comment") a.comment();
  else if (action.kind === "claim") a.claim();
  else if (action.kind === "undo") a.undo();
  else a.filter();
};

/**
 * The tester's keys: j/k (or ↓/↑) move, p f b s r record, n note, c comment, o "I'm on it",
 * u undo, / filter. Ignored while typing in a field and with Ctrl/Alt/Meta held, so browser
 * shortcuts keep working, and while the focus is on a conflict's choices (the tester answers
 * that first). Until `ready` (the run shown, a row current) keys are kept, not lost, and then
 * applied one at a time in the order they were pressed — with those pressed while signing in.
 */
export const useRunKeys = (actions: RunKeyActions, ready: boolean): void => {
  const ref = useRef(actions);
  const readyRef = useRef(ready);
  const [replayed, setReplayed] = useState(0);
  useEffect(() => {
    ref.current = actions;
    readyRef.current = ready;
  });
  // One held key per render, so each sees the page the previous one left (the focus moved on).
  // biome-ignore lint/correctness/useExhaustiveDependencies: `replayed` asks for the next held key after a render
  useEffect(() => {
    if (!ready) return;
    const key = earlyKeys.take(Date.now());
    if (key === null) return;
    const action = runKeyAction(key);
    if (action !== null) dispatch(ref.current, action);
    setReplayed((count) => count + 1);
  }, [ready, replayed]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) return;
      if (typing(event.target)) return;
      if (event.target instanceof Element && event.target.closest(".conflict") !== null) return;
      const action = runKeyAction(event.key);
      if (action === null) return;
      event.preventDefault();
      if (!readyRef.current || earlyKeys.size > 0) {
        earlyKeys.push(event.key, Date.now());
        if (readyRef.current) setReplayed((count) => count + 1);
      } else dispatch(ref.current, action);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);
};
