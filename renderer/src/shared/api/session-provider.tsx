import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createApiClient } from "./api-client.ts";
import { type Session, readSession, sessionStorageKey, writeSession } from "./session.ts";
import { SessionContext, type SessionState } from "./session-context.ts";

export const SessionProvider = ({ children }: { readonly children: ReactNode }) => {
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
  const api = useMemo(() => createApiClient(() => tokenRef.current), []);
  const value = useMemo<SessionState>(() => ({ session, signIn, signOut, api }), [session, signIn, signOut, api]);
  return <SessionContext value={value}>{children}</SessionContext>;
};
