import { protocol } from "electron";
import { readFile } from "node:fs/promises";
import { appScheme, resolveAppFile, setupContentSecurityPolicy } from "../core/app-files.ts";

/** Must run before the app is ready: the app's own pages get a standard, secure origin (not file://). */
export const registerAppScheme = (): void => {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
};

/** Serves medi-test://app/… from the renderer build, read-only, with the setup page's CSP. */
export const serveAppFiles = (rendererDir: string): void => {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== "GET") return new Response(null, { status: 405 });
    const file = resolveAppFile(rendererDir, request.url);
    if (file === undefined) return new Response("Not found", { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, {
        headers: {
          "content-type": file.contentType,
          "content-security-policy": setupContentSecurityPolicy,
          "x-content-type-options": "nosniff",
          "cache-control": "no-store",
        },
      });
    } catch {
      return new Response("Not found", { status: 404 });
    }
  });
};
