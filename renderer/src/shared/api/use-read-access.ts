import { useCallback, useEffect, useState } from "react";
import { type AccessProbe, probeReadAccess, type ReadAccess } from "./read-access.ts";
import { useSession } from "./use-session.ts";

const probeSession: AccessProbe = async (token) => {
  const headers: Record<string, string> = { accept: "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  try {
    const response = await fetch("/api/session", { headers, cache: "no-store" });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
};

/** Spread over 5–15 s, so walls that lost their server do not ask again all at once. */
const unclearRetryMs = () => 5_000 + Math.random() * 10_000;
/** A lab can stop hiding its results; a board refused for want of a token asks again now and then. */
const missingRetryMs = 60_000;

export interface ReadAccessState {
  readonly access: ReadAccess;
  readonly readToken: string | null;
  /** Ask again (the stream stopped answering: the token may have been revoked). */
  readonly recheck: () => void;
}

/**
 * Whether this page may read, checked on load, on sign-in or out, and on `recheck`. A rejected
 * token is never tried again by itself: it would only count as a guess against this address.
 */
export const useReadAccess = (): ReadAccessState => {
  const { session, readToken } = useSession();
  const sessionToken = session?.token ?? null;
  const [access, setAccess] = useState<ReadAccess>({ kind: "checking" });
  const [round, setRound] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` asks again (a stream went stale, a minute passed)
  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = (ms: number) => {
      timer = setTimeout(() => setRound((n) => n + 1), ms);
    };
    void probeReadAccess(probeSession, readToken, sessionToken).then((result) => {
      if (!alive) return;
      if (result === null) return again(unclearRetryMs());
      setAccess(result);
      if (result.kind === "refused" && result.refusal === "read-token-missing") again(missingRetryMs);
    });
    return () => {
      alive = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [readToken, sessionToken, round]);

  const recheck = useCallback(() => setRound((n) => n + 1), []);
  return { access, readToken, recheck };
};
