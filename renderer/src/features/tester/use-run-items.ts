import { useMemo } from "react";
import type { RunEntry } from "../../shared/live/live-state.ts";
import type { Comment, TestItem } from "../../shared/live/wire.ts";
import type { ItemPatch, OutboxEntry } from "./outbox.ts";
import { type Filters, matchesFilters } from "./run-filters.tsx";

export interface RunItems {
  /** Changes of this tester not yet confirmed by the server, merged per item. */
  readonly pendingByItem: ReadonlyMap<string, ItemPatch>;
  readonly conflictByItem: ReadonlyMap<string, OutboxEntry>;
  /** Every item as this tester sees it (server state with pending changes on top), in page order. */
  readonly items: ReadonlyArray<TestItem>;
  readonly sections: ReadonlyArray<string>;
  /** The items the filters let through. */
  readonly visible: ReadonlyArray<TestItem>;
  readonly commentsByItem: ReadonlyMap<string, ReadonlyArray<Comment>>;
}

/** The run page's lists, derived from the live state, the outbox and the filters. */
export const useRunItems = (
  entry: RunEntry | undefined,
  outboxEntries: ReadonlyArray<OutboxEntry>,
  comments: ReadonlyArray<Comment>,
  filters: Filters,
  me: string | null,
): RunItems => {
  const { pendingByItem, conflictByItem } = useMemo(() => {
    const pending = new Map<string, ItemPatch>();
    const conflicts = new Map<string, OutboxEntry>();
    for (const e of outboxEntries) {
      if (e.change.kind !== "item") continue;
      if (e.state === "conflict") conflicts.set(e.change.itemId, e);
      else pending.set(e.change.itemId, { ...pending.get(e.change.itemId), ...e.change.patch });
    }
    return { pendingByItem: pending, conflictByItem: conflicts };
  }, [outboxEntries]);

  const items = useMemo(() => {
    if (entry === undefined) return [];
    // Sections in the order their first item appears, items by position within.
    const sectionOrder = new Map<string, number>();
    for (const item of entry.items.values()) {
      const known = sectionOrder.get(item.section);
      if (known === undefined || item.position < known) sectionOrder.set(item.section, item.position);
    }
    return [...entry.items.values()]
      .map((item) => {
        const patch = pendingByItem.get(item.id);
        return patch === undefined ? item : { ...item, ...patch };
      })
      .sort(
        (a, b) => (sectionOrder.get(a.section) ?? 0) - (sectionOrder.get(b.section) ?? 0) || a.position - b.position,
      );
  }, [entry, pendingByItem]);

  const sections = useMemo(() => [...new Set(items.map((item) => item.section))], [items]);
  const visible = useMemo(() => items.filter((item) => matchesFilters(item, filters, me)), [items, filters, me]);
  const commentsByItem = useMemo(() => {
    const map = new Map<string, Comment[]>();
    for (const comment of comments) {
      if (comment.itemId === null) continue;
      const list = map.get(comment.itemId);
      if (list === undefined) map.set(comment.itemId, [comment]);
      else list.push(comment);
    }
    return map;
  }, [comments]);

  return { pendingByItem, conflictByItem, items, sections, visible, commentsByItem };
};
