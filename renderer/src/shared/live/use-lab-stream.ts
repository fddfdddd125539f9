import { useEffect } from "react";
import { type ReadAccess, streamUrlFor } from "../api/read-access.ts";
import { useReadAccess } from "../api/use-read-access.ts";
import { type LiveStream, useLiveStream } from "./use-live-stream.ts";

export interface LabStream extends LiveStream {
  /** Refused: the page shows which credential is missing instead of reconnecting forever. */
  readonly access: ReadAccess;
}

/**
 * The page's one stream (`path`, e.g. `/api/stream?all=1`) with the credential reads need in
 * this lab: the read token of the page, or the tester's token where anonymous readers are refused.
 * A stream that stops answering has the access checked again: a revoked token ends in a message.
 */
export const useLabStream = (path: string, retainFinishedMs?: number | null): LabStream => {
  const { access, readToken, recheck } = useReadAccess();
  const live = useLiveStream(streamUrlFor(path, access, readToken), retainFinishedMs);
  const phase = live.connection.phase;
  useEffect(() => {
    if (phase === "reconnecting" || phase === "stale") recheck();
  }, [phase, recheck]);
  return { ...live, access };
};
