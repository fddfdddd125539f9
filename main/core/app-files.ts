import { extname, isAbsolute, relative, resolve } from "node:path";

/** The scheme and host of the desktop's own pages (the setup window), served from the renderer build. */
export const appScheme = "medi-test";
export const appOrigin = `${appScheme}://app`;
export const setupPageUrl = `${appOrigin}/setup.html`;

/** The setup page talks to main only: no network at all. */
export const setupContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json",
};

export interface AppFile {
  readonly path: string;
  readonly contentType: string;
}

/**
 * Maps a medi-test://app/… request to a file inside `root`, or undefined: another host, a path
 * that climbs out of `root` (also when percent-encoded), or a file type the pages never use.
 */
export const resolveAppFile = (root: string, requestUrl: string): AppFile | undefined => {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== "app") return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes("\0") || pathname.includes("\\")) return undefined;
  const base = resolve(root);
  const path = resolve(base, `.${pathname === "/" ? "/setup.html" : pathname}`);
  const inside = relative(base, path);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return undefined;
  const contentType = contentTypes[extname(path).toLowerCase()];
  return contentType === undefined ? undefined : { path, contentType };
};
