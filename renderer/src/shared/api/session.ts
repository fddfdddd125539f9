/** A tester's sign-in, kept in localStorage so a bench laptop stays signed in. */
export interface Session {
  readonly token: string;
  readonly name: string;
  readonly id: string;
}

export const sessionStorageKey = "medi-test.session";

export const readSession = (): Session | null => {
  try {
    const raw = window.localStorage.getItem(sessionStorageKey);
    if (raw === null) return null;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== "object" || parsed === null) return null;
    const { token, name, id } = parsed as Record<string, unknown>;
    if (typeof token !== "string" || typeof name !== "string") return null;
    return { token, name, id: typeof id === "string" ? id : "" };
  } catch {
    return null;
  }
};

export const writeSession = (session: Session | null): void => {
  try {
    if (session === null) window.localStorage.removeItem(sessionStorageKey);
    else window.localStorage.setItem(sessionStorageKey, JSON.stringify(session));
  } catch {
    // storage disabled: the session lasts as long as the page
  }
};
