/**
 * The read token of a lab that hides its results (`--require-read-token`): a board is opened with
 * `?access_token=<viewer token>`. The token stays in the address, so a kiosk that reloads, a
 * bookmark and a copied URL keep working; this tab also keeps it, so an address without it (a
 * link typed by hand, a redirect) still works here.
 */

export const accessTokenParam = "access_token";

const storageKey = "medi-test.read-token";

/** What this module needs of sessionStorage (tests pass a stand-in). */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const usable = (token: string | null): token is string => token !== null && token.trim() !== "";

/** The token named in the address, else the one this tab was opened with; kept for the tab. */
export const loadReadToken = (search: string, storage: TokenStorage | null): string | null => {
  const fromUrl = new URLSearchParams(search).get(accessTokenParam);
  try {
    if (usable(fromUrl)) {
      storage?.setItem(storageKey, fromUrl);
      return fromUrl;
    }
    const kept = storage?.getItem(storageKey) ?? null;
    return usable(kept) ? kept : null;
  } catch {
    // storage disabled (some kiosk profiles): the address still carries the token
    return usable(fromUrl) ? fromUrl : null;
  }
};

/**
 * `to` (a path with an optional query and hash) with `access_token=<token>` in its query, unless
 * it names one already or there is no token.
 */
export const withAccessToken = (to: string, token: string | null): string => {
  if (token === null) return to;
  const hashAt = to.indexOf("#");
  const hash = hashAt === -1 ? "" : to.slice(hashAt);
  const beforeHash = hashAt === -1 ? to : to.slice(0, hashAt);
  const queryAt = beforeHash.indexOf("?");
  if (queryAt !== -1 && new URLSearchParams(beforeHash.slice(queryAt + 1)).has(accessTokenParam)) return to;
  // Appended as it is: the rest of the address keeps its own spelling (`runs=a,b` stays readable).
  const separator = queryAt === -1 ? "?" : beforeHash.endsWith("?") || beforeHash.endsWith("&") ? "" : "&";
  return `${beforeHash}${separator}${accessTokenParam}=${encodeURIComponent(token)}${hash}`;
};
