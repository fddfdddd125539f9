import { useContext } from "react";
import { SessionContext, type SessionState } from "./session-context.ts";

export const useSession = (): SessionState => {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSession needs a SessionProvider above it");
  return value;
};
