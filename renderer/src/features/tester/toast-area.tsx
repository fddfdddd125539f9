import { type ReactNode, useCallback, useEffect, useRef, useState } from "react";
import { useI18n } from "../../shared/i18n/use-i18n.ts";

export interface Toast {
  readonly id: number;
  /** A message whose names and titles are bidi-isolated (`tn` with `<bdi>`). */
  readonly text: ReactNode;
  readonly undo: (() => void) | null;
}

/** The last action's message with its undo; `undoLast` serves the u key after the toast has gone. */
export const useToast = () => {
  const [toast, setToast] = useState<Toast | null>(null);
  const lastUndo = useRef<(() => void) | null>(null);
  const counter = useRef(0);
  useEffect(() => {
    if (toast === null) return;
    const timer = setTimeout(() => setToast((current) => (current?.id === toast.id ? null : current)), 10_000);
    return () => clearTimeout(timer);
  }, [toast]);
  const show = useCallback((text: ReactNode, undo: (() => void) | null) => {
    lastUndo.current = undo;
    counter.current += 1;
    setToast({ id: counter.current, text, undo });
  }, []);
  const undoLast = useCallback(() => lastUndo.current?.(), []);
  return { toast, show, undoLast };
};

/** Always in the page, so screen readers hear each new message. */
export const ToastArea = ({ toast }: { readonly toast: Toast | null }) => {
  const { t } = useI18n();
  return (
    <div className="toast-area" role="status" aria-live="polite">
      {toast === null ? null : (
        <div className="toast">
          <span className="toast-text">{toast.text}</span>
          {toast.undo === null ? null : (
            <button type="button" className="btn" onClick={toast.undo}>
              {t("run.undo")} (u)
            </button>
          )}
        </div>
      )}
    </div>
  );
};
