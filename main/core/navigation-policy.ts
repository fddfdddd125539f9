import { originOf } from "./host-url.ts";

/** A window may only ever show pages of the origins it was opened for. */
export const isNavigationAllowed = (target: string, allowedOrigins: ReadonlyArray<string>): boolean => {
  const origin = originOf(target);
  return origin !== undefined && allowedOrigins.includes(origin);
};

/** Only the lab server's own http(s) pages (at any of its addresses) may be handed to the default browser. */
export const isExternalOpenAllowed = (target: string, serverOrigins: ReadonlyArray<string>): boolean => {
  try {
    const url = new URL(target);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      serverOrigins.includes(url.origin) &&
      url.username === "" &&
      url.password === ""
    );
  } catch {
    return false;
  }
};

/**
 * Adds a Content-Security-Policy to an HTML response that has none (a display pointed at an older
 * or foreign host); a policy the server sent is left alone.
 */
export const withContentSecurityPolicy = (
  headers: Readonly<Record<string, ReadonlyArray<string>>>,
  policy: string,
): Record<string, string[]> => {
  const copy: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(headers)) copy[name] = [...values];
  const names = Object.keys(copy).map((name) => name.toLowerCase());
  const contentType =
    Object.entries(copy)
      .find(([name]) => name.toLowerCase() === "content-type")?.[1]
      .join(",") ?? "";
  if (!contentType.toLowerCase().includes("text/html") || names.includes("content-security-policy")) return copy;
  copy["Content-Security-Policy"] = [policy];
  return copy;
};
