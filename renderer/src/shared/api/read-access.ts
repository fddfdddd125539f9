import { withAccessToken } from "./read-token.ts";

/**
 * May this page read, and with which token? A lab started with `--require-read-token` refuses
 * anonymous reads with 401; an EventSource cannot see that status (it only errors and retries), so
 * a page asks `GET /api/session` first and says which credential is missing instead of
 * reconnecting forever.
 */

export type Refusal =
  /** The lab hides results and this page has neither a read token nor a sign-in. */
  | "read-token-missing"
  /** The `?access_token=` of this page is unknown to the lab or was revoked. */
  | "read-token-rejected"
  /** The lab hides results and this tester's sign-in has ended. */
  | "session-rejected";

export type ReadAccess =
  | { readonly kind: "checking" }
  /** `streamToken`: what the stream URL must carry (null: the lab lets anyone read). */
  | { readonly kind: "granted"; readonly streamToken: string | null }
  | { readonly kind: "refused"; readonly refusal: Refusal };

/** One `GET /api/session` with `token` (null: none): its HTTP status, or null when nothing answered. */
export type AccessProbe = (token: string | null) => Promise<number | null>;

/**
 * Asks with the read token when the page has one; otherwise anonymously, then with the tester's
 * token only if the lab refuses anonymous readers (a tester token never goes into a stream URL
 * when it is not needed there). Null: no clear answer (network, 429, 5xx), ask again later.
 */
export const probeReadAccess = async (
  probe: AccessProbe,
  readToken: string | null,
  sessionToken: string | null,
): Promise<ReadAccess | null> => {
  if (readToken !== null) {
    const status = await probe(readToken);
    if (status === 200) return { kind: "granted", streamToken: readToken };
    return status === 401 ? { kind: "refused", refusal: "read-token-rejected" } : null;
  }
  const anonymous = await probe(null);
  if (anonymous === 200) return { kind: "granted", streamToken: null };
  if (anonymous !== 401) return null;
  if (sessionToken === null) return { kind: "refused", refusal: "read-token-missing" };
  const signedIn = await probe(sessionToken);
  if (signedIn === 200) return { kind: "granted", streamToken: sessionToken };
  return signedIn === 401 ? { kind: "refused", refusal: "session-rejected" } : null;
};

/**
 * The stream URL to open: while checking, with the read token if any (an open lab needs no
 * wait); once granted, with the token reads need; none while refused.
 */
export const streamUrlFor = (path: string, access: ReadAccess, readToken: string | null): string | null => {
  switch (access.kind) {
    case "checking":
      return withAccessToken(path, readToken);
    case "granted":
      return withAccessToken(path, access.streamToken);
    case "refused":
      return null;
  }
};
