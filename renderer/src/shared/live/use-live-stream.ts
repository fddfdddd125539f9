import { useEffect, useState, useSyncExternalStore } from "react";
import { createEventStreamClient, type ConnectionStatus, initialConnectionStatus } from "./event-stream-client.ts";
import type { LiveState } from "./live-state.ts";
import { createLiveStore, type LiveStore } from "./live-store.ts";

export interface LiveStream {
  readonly state: LiveState;
  readonly connection: ConnectionStatus;
  readonly store: LiveStore;
}

const dayMs = 24 * 3_600_000;

/**
 * The page's one stream: creates the store and the SSE client for `url` (null = none yet), and
 * tears both down when the page goes away. Finished runs are forgotten after `retainFinishedMs`.
 */
export const useLiveStream = (url: string | null, retainFinishedMs: number | null = dayMs): LiveStream => {
  const [store] = useState(() => createLiveStore({ retainFinishedMs }));
  const [connection, setConnection] = useState<ConnectionStatus>(initialConnectionStatus);
  const state = useSyncExternalStore(store.subscribe, store.getState);

  useEffect(() => () => store.dispose(), [store]);

  useEffect(() => {
    if (url === null) return;
    store.clear();
    setConnection(initialConnectionStatus);
    let offset = 0;
    const client = createEventStreamClient({
      url,
      onEvent: store.push,
      onStatus: (status) => {
        offset = status.serverOffsetMs;
        setConnection(status);
      },
    });
    client.start();
    const pruner = setInterval(() => store.prune(Date.now() + offset), 60_000);
    return () => {
      clearInterval(pruner);
      client.stop();
    };
  }, [url, store]);

  return { state, connection, store };
};
