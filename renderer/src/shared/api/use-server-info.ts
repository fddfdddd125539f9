import { useEffect, useState } from "react";
import { useSession } from "./use-session.ts";

/** What a page needs to know of the lab server beyond its stream (from GET /api/health). */
export interface ServerInfo {
  readonly labName: string;
  readonly lanUrls: ReadonlyArray<string>;
}

const empty: ServerInfo = { labName: "", lanUrls: [] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

export const parseServerInfo = (value: unknown): ServerInfo => {
  if (!isRecord(value)) return empty;
  const labName = typeof value.labName === "string" ? value.labName : "";
  const lanUrls = Array.isArray(value.lanUrls)
    ? value.lanUrls.filter((url): url is string => typeof url === "string")
    : [];
  return { labName, lanUrls };
};

const loopback = /^(127\.|localhost$|\[::1\]$|::1$)/;

/**
 * The origin other devices should open: this page's own, unless the page was opened on the lab
 * PC itself as localhost — a phone cannot follow that, so the server's first LAN address is used.
 */
export const shareOrigin = (
  location: { readonly origin: string; readonly hostname: string },
  info: ServerInfo,
): string => (loopback.test(location.hostname) && info.lanUrls[0] !== undefined ? info.lanUrls[0] : location.origin);

/**
 * Loads the server info once (refreshing every 10 minutes: LAN addresses can change), with the
 * page's token: a lab that hides its results answers only token holders.
 */
export const useServerInfo = (): ServerInfo => {
  const { api } = useSession();
  const [info, setInfo] = useState<ServerInfo>(empty);
  useEffect(() => {
    let alive = true;
    const load = () => {
      api.get<unknown>("/api/health").then(
        (body) => {
          if (alive && body !== undefined) setInfo(parseServerInfo(body));
        },
        // Without the name the board says "Wall board"; the stream shows whether the server is there.
        () => undefined,
      );
    };
    load();
    const timer = setInterval(load, 10 * 60_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api]);
  return info;
};
