import { createContext } from "react";
import type { ApiClient } from "./api-client.ts";
import type { Session } from "./session.ts";

export interface SessionState {
  readonly session: Session | null;
  readonly signIn: (session: Session) => void;
  readonly signOut: () => void;
  /** The read token this page was opened with (`?access_token=`), null when none. */
  readonly readToken: string | null;
  /** API client that sends this session's token, else the read token. */
  readonly api: ApiClient;
}

export const SessionContext = createContext<SessionState | null>(null);
