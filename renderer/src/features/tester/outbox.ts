import { ApiError, NoAnswerError } from "../../shared/api/api-client.ts";
import { type Comment, isComment, isItem, type ItemStatus, type TestItem } from "../../shared/live/wire.ts";

/**
 * A tester's changes on their way to the server, one at a time and in order. Nothing a tester
 * records is lost: the queue is kept in localStorage, a request that gets no answer is retried
 * with backoff, and a stale edit (409) is parked as a conflict for the tester to settle.
 *
 * Every PUT carries `expectedVersion`: the version of the item the tester was looking at. When
 * the tester's own earlier change moved the item on (3 → 4), later queued changes based on 3
 * are rebased to 4 — only someone else's change makes a conflict.
 */

export interface ItemPatch {
  readonly status?: ItemStatus;
  readonly note?: string | null;
  readonly assignee?: string | null;
}

export type Change =
  | { readonly kind: "item"; readonly itemId: string; readonly patch: ItemPatch; readonly baseVersion: number }
  | { readonly kind: "comment"; readonly itemId: string | null; readonly body: string };

export type EntryState = "queued" | "sending" | "conflict";

export interface OutboxEntry {
  readonly id: string;
  readonly change: Change;
  readonly createdAt: number;
  readonly state: EntryState;
  /** The item as the server has it, when this entry is a conflict. */
  readonly current: TestItem | null;
}

export type Problem =
  | { readonly kind: "none" }
  | { readonly kind: "no-answer" }
  | { readonly kind: "session" }
  | { readonly kind: "refused"; readonly message: string };

export interface OutboxSnapshot {
  readonly entries: ReadonlyArray<OutboxEntry>;
  readonly problem: Problem;
}

export interface Transport {
  readonly putItem: (itemId: string, body: ItemPatch & { readonly expectedVersion: number }) => Promise<unknown>;
  readonly postComment: (body: { readonly body: string; readonly itemId?: string }) => Promise<unknown>;
}

export interface OutboxOptions {
  readonly storageKey: string;
  readonly transport: Transport;
  readonly onItemSaved?: (item: TestItem) => void;
  readonly onCommentSaved?: (comment: Comment) => void;
  readonly random?: () => number;
}

export interface Outbox {
  readonly getSnapshot: () => OutboxSnapshot;
  readonly subscribe: (listener: () => void) => () => void;
  readonly enqueue: (change: Change) => string;
  /** Removes a change that has not been sent yet; false when it is already on its way or done. */
  readonly cancel: (id: string) => boolean;
  readonly keepMine: (id: string) => void;
  readonly takeTheirs: (id: string) => void;
  readonly retryNow: () => void;
  /** Starts (or resumes) sending; changes left from a previous visit go out first. */
  readonly start: () => void;
  /** Stops sending (the page goes away); the queue stays in storage. */
  readonly stop: () => void;
}

/** True when the item already is what the patch asks for (e.g. our own write whose answer was lost). */
export const patchApplied = (item: TestItem, patch: ItemPatch): boolean =>
  (patch.status === undefined || item.status === patch.status) &&
  (patch.note === undefined || item.note === patch.note) &&
  (patch.assignee === undefined || item.assignee === patch.assignee);

const isPatch = (value: unknown): value is ItemPatch => typeof value === "object" && value !== null;

const loadEntries = (key: string): OutboxEntry[] => {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return [];
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((value: unknown): OutboxEntry[] => {
      if (typeof value !== "object" || value === null) return [];
      const { id, change, createdAt, state, current } = value as Record<string, unknown>;
      if (typeof id !== "string" || typeof createdAt !== "number" || typeof change !== "object" || change === null)
        return [];
      const c = change as Record<string, unknown>;
      let decoded: Change | null = null;
      if (c.kind === "item" && typeof c.itemId === "string" && typeof c.baseVersion === "number" && isPatch(c.patch)) {
        decoded = { kind: "item", itemId: c.itemId, baseVersion: c.baseVersion, patch: c.patch };
      } else if (
        c.kind === "comment" &&
        typeof c.body === "string" &&
        (c.itemId === null || typeof c.itemId === "string")
      ) {
        decoded = { kind: "comment", itemId: c.itemId, body: c.body };
      }
      if (decoded === null) return [];
      const parked = state === "conflict" && isItem(current);
      return [
        { id, change: decoded, createdAt, state: parked ? "conflict" : "queued", current: parked ? current : null },
      ];
    });
  } catch {
    return [];
  }
};

export const createOutbox = ({
  storageKey,
  transport,
  onItemSaved,
  onCommentSaved,
  random = Math.random,
}: OutboxOptions): Outbox => {
  let snapshot: OutboxSnapshot = { entries: loadEntries(storageKey), problem: { kind: "none" } };
  const listeners = new Set<() => void>();
  /** `${itemId}:${from}` → to, for versions this page moved on itself. */
  const ownMoves = new Map<string, number>();
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = true;
  let counter = 0;

  const set = (next: Partial<OutboxSnapshot>) => {
    snapshot = { ...snapshot, ...next };
    try {
      const kept = snapshot.entries.map((entry) => ({
        ...entry,
        state: entry.state === "sending" ? "queued" : entry.state,
      }));
      if (kept.length === 0) window.localStorage.removeItem(storageKey);
      else window.localStorage.setItem(storageKey, JSON.stringify(kept));
    } catch {
      // storage full or disabled: the queue still lives as long as the page
    }
    for (const listener of listeners) listener();
  };

  const update = (id: string, patch: Partial<OutboxEntry>) =>
    set({ entries: snapshot.entries.map((entry) => (entry.id === id ? { ...entry, ...patch } : entry)) });
  const remove = (id: string) => set({ entries: snapshot.entries.filter((entry) => entry.id !== id) });

  const rebase = (itemId: string, version: number): number => {
    let current = version;
    for (let hops = 0; hops < 1_000; hops++) {
      const next = ownMoves.get(`${itemId}:${current}`);
      if (next === undefined) break;
      current = next;
    }
    return current;
  };

  const schedule = (delay: number) => {
    if (timer !== null || disposed) return;
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, delay);
  };

  const backoff = (retryAfterSeconds: number | null): number => {
    attempts += 1;
    if (retryAfterSeconds !== null) return retryAfterSeconds * 1_000;
    const ceiling = Math.min(15_000, 1_000 * 2 ** (attempts - 1));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  };

  const send = async (entry: OutboxEntry): Promise<void> => {
    const { change } = entry;
    const expectedVersion = change.kind === "item" ? rebase(change.itemId, change.baseVersion) : 0;
    try {
      if (change.kind === "item") {
        const saved = await transport.putItem(change.itemId, { ...change.patch, expectedVersion });
        if (isItem(saved)) {
          ownMoves.set(`${change.itemId}:${expectedVersion}`, saved.version);
          onItemSaved?.(saved);
        }
      } else {
        const saved = await transport.postComment({
          body: change.body,
          ...(change.itemId === null ? {} : { itemId: change.itemId }),
        });
        if (isComment(saved)) onCommentSaved?.(saved);
      }
      attempts = 0;
      set({ entries: snapshot.entries.filter((e) => e.id !== entry.id), problem: { kind: "none" } });
      pump();
    } catch (error) {
      if (disposed) {
        // The page stopped meanwhile: back in the queue, so a restart sends it (stored as queued anyway).
        update(entry.id, { state: "queued" });
        return;
      }
      if (error instanceof ApiError && error.status === 409 && change.kind === "item" && isItem(error.current)) {
        if (patchApplied(error.current, change.patch)) {
          // Nothing to settle: the server already has exactly this (a retry of a write that landed).
          // That version is this tester's own doing: later changes based on the old one go on top of it.
          ownMoves.set(`${change.itemId}:${expectedVersion}`, error.current.version);
          onItemSaved?.(error.current);
          attempts = 0;
          set({ entries: snapshot.entries.filter((e) => e.id !== entry.id), problem: { kind: "none" } });
        } else {
          update(entry.id, { state: "conflict", current: error.current });
        }
        pump();
      } else if (error instanceof ApiError && error.status === 401) {
        // Held until the tester signs in again (retryNow).
        update(entry.id, { state: "queued" });
        set({ problem: { kind: "session" } });
      } else if (
        error instanceof NoAnswerError ||
        (error instanceof ApiError && (error.status === 429 || error.status === 503))
      ) {
        update(entry.id, { state: "queued" });
        set({ problem: { kind: "no-answer" } });
        schedule(backoff(error instanceof ApiError ? error.retryAfter : null));
      } else {
        set({
          entries: snapshot.entries.filter((e) => e.id !== entry.id),
          problem: { kind: "refused", message: error instanceof Error ? error.message : String(error) },
        });
        pump();
      }
    }
  };

  function pump() {
    if (disposed || timer !== null) return;
    if (snapshot.problem.kind === "session") return;
    if (snapshot.entries.some((entry) => entry.state === "sending")) return;
    const next = snapshot.entries.find((entry) => entry.state === "queued");
    if (next === undefined) return;
    update(next.id, { state: "sending" });
    void send(next);
  }

  return {
    getSnapshot: () => snapshot,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    enqueue: (change) => {
      counter += 1;
      const id = `${Date.now().toString(36)}-${counter}-${Math.floor(random() * 1e6).toString(36)}`;
      set({ entries: [...snapshot.entries, { id, change, createdAt: Date.now(), state: "queued", current: null }] });
      pump();
      return id;
    },
    cancel: (id) => {
      const entry = snapshot.entries.find((e) => e.id === id);
      if (entry === undefined || entry.state === "sending") return false;
      remove(id);
      return true;
    },
    keepMine: (id) => {
      const entry = snapshot.entries.find((e) => e.id === id);
      if (entry === undefined || entry.change.kind !== "item" || entry.current === null) return;
      // Based on what the server has now: the tester saw it and chose theirs.
      update(id, { state: "queued", current: null, change: { ...entry.change, baseVersion: entry.current.version } });
      pump();
    },
    takeTheirs: (id) => {
      remove(id);
      pump();
    },
    retryNow: () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      attempts = 0;
      if (snapshot.problem.kind === "session" || snapshot.problem.kind === "no-answer")
        set({ problem: { kind: "none" } });
      pump();
    },
    start: () => {
      disposed = false;
      pump();
    },
    stop: () => {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
};
