import { useEffect, useRef, useState } from "react";
import type { TestItem } from "../../shared/live/wire.ts";

const highlightMs = 3_000;

/**
 * Items someone else just changed (item id → their name), for a brief highlight. A snapshot or
 * reset (new generation) highlights nothing: that is state, not news.
 */
export const useRemoteChanges = (
  items: ReadonlyMap<string, TestItem> | null,
  generation: number,
  me: string | null,
): ReadonlyMap<string, string> => {
  const previous = useRef<{ generation: number; items: ReadonlyMap<string, TestItem> | null }>({
    generation,
    items: null,
  });
  const [changed, setChanged] = useState<ReadonlyMap<string, string>>(new Map());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  useEffect(() => {
    const before = previous.current;
    previous.current = { generation, items };
    if (items === null || before.items === null || before.generation !== generation || before.items === items) return;
    const fresh = new Map<string, string>();
    for (const [id, item] of items) {
      const old = before.items.get(id);
      if (old !== undefined && old.version !== item.version && item.updatedBy !== me)
        fresh.set(id, item.updatedBy ?? "");
    }
    if (fresh.size === 0) return;
    setChanged((current) => new Map([...current, ...fresh]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setChanged((current) => {
        const next = new Map(current);
        for (const id of fresh.keys()) if (next.get(id) === fresh.get(id)) next.delete(id);
        return next;
      });
    }, highlightMs);
    timers.current.add(timer);
  }, [items, generation, me]);

  return changed;
};
