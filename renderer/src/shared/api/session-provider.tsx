import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createApiClient } from "./api-client.ts";
import { type Session, readSession, sessionStorageKey, writeSession } from "./session.ts";
import { SessionContext, type SessionState } from "./session-context.ts";

export const SessionProvider = ({
  children,
  readToken,
}: {
  readonly children: ReactNode;
  readonly readToken: string | null;
}) => {
  const [session, setSession] = useState<Session | null>(readSession);
  const tokenRef = useRef<string | null>(session?.token ?? null);

  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key !== sessionStorageKey) return;
      const next = readSession();
      tokenRef.current = next?.token ?? null;
      setSession(next);
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, []);

  const signIn = useCallback((next: Session) => {
    writeSession(next);
    tokenRef.current = next.token;
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    writeSession(null);
    tokenRef.current = null;
    setSession(null);
  }, []);
  // A tester's token reads too; the read token serves a board or a page nobody signed in on.
  const api = useMemo(() => createApiClient(() => tokenRef.current ?? readToken), [readToken]);
  const value = useMemo<SessionState>(
    () => ({ session, signIn, signOut, readToken, api }),
    [session, signIn, signOut, readToken, api],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
};
