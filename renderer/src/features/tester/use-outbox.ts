import { useEffect, useState, useSyncExternalStore } from "react";
import type { ApiClient } from "../../shared/api/api-client.ts";
import { createOutbox, type Outbox, type OutboxSnapshot } from "./outbox.ts";

const makeOutbox = (runId: string, api: ApiClient): Outbox => {
  const base = `/api/test-runs/${encodeURIComponent(runId)}`;
  return createOutbox({
    storageKey: `medi-test.outbox.${runId}`,
    transport: {
      putItem: (itemId, body) => api.request("PUT", `${base}/items/${encodeURIComponent(itemId)}`, body),
      postComment: (body) => api.request("POST", `${base}/comments`, body),
    },
  });
};

/**
 * The run page's outbox, kept in localStorage under the run's id. The page is keyed by run id,
 * so one outbox serves the page's whole life.
 */
export const useOutbox = (
  runId: string,
  api: ApiClient,
): { readonly outbox: Outbox; readonly snapshot: OutboxSnapshot } => {
  const [outbox] = useState<Outbox>(() => makeOutbox(runId, api));
  useEffect(() => {
    outbox.start();
    const onOnline = () => outbox.retryNow();
    window.addEventListener("online", onOnline);
    return () => {
      window.removeEventListener("online", onOnline);
      outbox.stop();
    };
  }, [outbox]);
  const snapshot = useSyncExternalStore(outbox.subscribe, outbox.getSnapshot);
  return { outbox, snapshot };
};
