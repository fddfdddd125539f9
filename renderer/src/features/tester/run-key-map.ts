import type { ItemStatus } from "../../shared/live/wire.ts";
import { resultKeys } from "../../shared/ui/status-meta.ts";

/** What one of the tester's keys does on the run page. */
export type RunKeyAction =
  | { readonly kind: "record"; readonly status: ItemStatus }
  | { readonly kind: "move"; readonly delta: number }
  | { readonly kind: "note" }
  | { readonly kind: "comment" }
  | { readonly kind: "claim" }
  | { readonly kind: "undo" }
  | { readonly kind: "filter" };

/** The run page's key (p f b s r, j/k or arrows, n, c, o, u, /) → its action; null for any other key. */
export const runKeyAction = (key: string): RunKeyAction | null => {
  const result = resultKeys.find((entry) => entry.key === key);
  if (result !== undefined) return { kind: "record", status: result.status };
  if (key === "j" || key === "ArrowDown") return { kind: "move", delta: 1 };
  if (key === "k" || key === "ArrowUp") return { kind: "move", delta: -1 };
  if (key === "n") return { kind: "note" };
  if (key === "c") return { kind: "comment" };
  if (key === "o") return { kind: "claim" };
  if (key === "u") return { kind: "undo" };
  if (key === "/") return { kind: "filter" };
  return null;
};

interface HeldKey {
  readonly key: string;
  readonly at: number;
}

/**
 * Keys pressed before the run page can act on them (while signing in, while the run loads), kept
 * in order and handed over once it is ready. Keys older than `maxAgeMs` are dropped: a key from
 * long ago is no longer what the tester means.
 */
export class KeyBuffer {
  #held: HeldKey[] = [];
  readonly #maxAgeMs: number;
  readonly #limit: number;
  constructor(maxAgeMs = 15_000, limit = 50) {
    this.#maxAgeMs = maxAgeMs;
    this.#limit = limit;
  }

  /** Keeps `key` if it is one of the run page's keys; true when it was kept. */
  push(key: string, now: number): boolean {
    if (runKeyAction(key) === null) return false;
    if (this.#held.length >= this.#limit) return false;
    this.#held.push({ key, at: now });
    return true;
  }

  /** The oldest key still fresh, removed from the buffer; null when none is left. */
  take(now: number): string | null {
    while (this.#held.length > 0) {
      const first = this.#held.shift();
      if (first !== undefined && now - first.at <= this.#maxAgeMs) return first.key;
    }
    return null;
  }

  get size(): number {
    return this.#held.length;
  }

  clear(): void {
    this.#held = [];
  }
}

/** One buffer for the tab: the sign-in page fills it, the run page it leads to empties it. */
export const earlyKeys = new KeyBuffer();
