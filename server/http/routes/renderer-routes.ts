import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { createReadStream, existsSync, type Stats } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";

/**
 * Serves the built renderer (out/renderer) at `/`: hashed assets cached for a year, index.html
 * never cached, and index.html for every client route (the SPA fallback). Paths are resolved and
 * confined to the folder (symlinks included); anything outside it is a 404.
 */

/** Client routes of the renderer (renderer/src/shared/router/routes.ts): all answered with index.html. */
const clientRoutes: ReadonlyArray<RegExp> = [
  /^\/$/,
  /^\/board$/,
  /^\/board\/[^/]+$/,
  /^\/runs$/,
  /^\/runs\/[^/]+$/,
  /^\/login$/,
];

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

const immutable = "public, max-age=31536000, immutable";
const revalidate = "no-cache";

/**
 * Where the built renderer lives: beside the sources when run from the repository
 * (server/http/routes → out/renderer), or beside the bundled Electron main (out/main → out/renderer).
 */
export const rendererDirCandidates = (): ReadonlyArray<string> => [
  resolve(import.meta.dirname, "../../../out/renderer"),
  resolve(import.meta.dirname, "../renderer"),
];

export const findRendererDir = (candidates: ReadonlyArray<string> = rendererDirCandidates()): string | undefined =>
  candidates.find((dir) => existsSync(resolve(dir, "index.html")));

/** Decodes a URL path and maps it into `root`; undefined when it is malformed or escapes the folder. */
export const confine = (root: string, urlPath: string): string | undefined => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return undefined;
  const target = resolve(root, `.${decoded.startsWith("/") ? decoded : `/${decoded}`}`);
  return target === root || target.startsWith(root + sep) ? target : undefined;
};

const isClientRoute = (path: string): boolean => {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, "") : path;
  return clientRoutes.some((route) => route.test(trimmed));
};

const etagOf = (stats: Stats): string => `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;

/** A regular file inside the (real) root, or undefined. */
const fileIn = async (realRoot: string, candidate: string): Promise<{ path: string; stats: Stats } | undefined> => {
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(realRoot + sep)) return undefined;
    const stats = await stat(real);
    return stats.isFile() ? { path: real, stats } : undefined;
  } catch {
    return undefined;
  }
};

const sendFile = (
  request: FastifyRequest,
  reply: FastifyReply,
  file: { path: string; stats: Stats },
  cacheControl: string,
): FastifyReply => {
  const etag = etagOf(file.stats);
  reply
    .header("cache-control", cacheControl)
    .header("etag", etag)
    .header("last-modified", file.stats.mtime.toUTCString())
    .type(contentTypes[extname(file.path).toLowerCase()] ?? "application/octet-stream");
  if (request.headers["if-none-match"] === etag) return reply.code(304).send();
  return reply.send(createReadStream(file.path));
};

export interface RendererOptions {
  /** The built renderer folder; found automatically when omitted. */
  readonly dir?: string;
  /** Registered instead when there is no built renderer (the plain live page). */
  readonly fallback?: (app: FastifyInstance) => void;
}

/**
 * Registers the renderer, or the fallback page with a hint when out/renderer is missing.
 * Returns the folder served, if any.
 */
export const registerRenderer = (app: FastifyInstance, options: RendererOptions = {}): string | undefined => {
  const dir = options.dir ?? findRendererDir();
  if (dir === undefined || !existsSync(resolve(dir, "index.html"))) {
    app.log.warn(
      "The boards are not built (no out/renderer/index.html): serving the plain live page. Run `npx electron-vite build`, or `npm start`, which builds them.",
    );
    options.fallback?.(app);
    return undefined;
  }
  const root = resolve(dir);
  let realRoot: Promise<string> | undefined;
  const rootReal = () => (realRoot ??= realpath(root));

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/") || path === "/api") return reply.callNotFound();
    const real = await rootReal();
    if (isClientRoute(path)) {
      const index = await fileIn(real, resolve(root, "index.html"));
      if (index === undefined) return reply.callNotFound();
      return sendFile(request, reply, index, revalidate);
    }
    const target = confine(root, path);
    const file = target === undefined ? undefined : await fileIn(real, target);
    if (file === undefined) return reply.callNotFound();
    // Vite puts content-hashed files under /assets: they never change under the same name.
    return sendFile(request, reply, file, path.startsWith("/assets/") ? immutable : revalidate);
  };

  app.get("/", serve);
  app.get("/*", serve);
  return root;
};
