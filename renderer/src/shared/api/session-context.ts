import { createContext } from "react";
import type { ApiClient } from "./api-client.ts";
import type { Session } from "./session.ts";

export interface SessionState {
  readonly session: Session | null;
  readonly signIn: (session: Session) => void;
  readonly signOut: () => void;
  /** API client that sends this session's token. */
  readonly api: ApiClient;
}

export const SessionContext = createContext<SessionState | null>(null);
