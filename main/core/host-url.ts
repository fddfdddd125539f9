/**
 * The address of another lab PC's server, as a display-mode screen stores it: an http(s) origin
 * only — no credentials, no path — so navigation can be locked to exactly that origin.
 */
export const normalizeHostUrl = (input: string): string | undefined => {
  const trimmed = input.trim();
  if (trimmed === "" || trimmed.length > 300) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  if (url.username !== "" || url.password !== "" || url.hostname === "") return undefined;
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") return undefined;
  return url.origin;
};

/**
 * The origin of a URL, or undefined when it has none a window may be locked to (file:, data:).
 * Node's URL gives custom schemes an opaque origin; Chromium treats the app's own scheme as
 * standard, so its origin is scheme and host, as here.
 */
export const originOf = (url: string): string | undefined => {
  try {
    const parsed = new URL(url);
    if (parsed.origin !== "null") return parsed.origin;
    return parsed.host === "" ? undefined : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return undefined;
  }
};
