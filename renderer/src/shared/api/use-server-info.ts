import { useEffect, useState } from "react";

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
  const lanUrls = Array.isArray(value.lanUrls) ? value.lanUrls.filter((url): url is string => typeof url === "string") : [];
  return { labName, lanUrls };
};

const loopback = /^(127\.|localhost$|\[::1\]$|::1$)/;

/**
 * The origin other devices should open: this page's own, unless the page was opened on the lab
 * PC itself as localhost — a phone cannot follow that, so the server's first LAN address is used.
 */
export const shareOrigin = (location: { readonly origin: string; readonly hostname: string }, info: ServerInfo): string =>
  loopback.test(location.hostname) && info.lanUrls[0] !== undefined ? info.lanUrls[0] : location.origin;

/** Loads the server info once (refreshing every 10 minutes: LAN addresses can change). */
export const useServerInfo = (): ServerInfo => {
  const [info, setInfo] = useState<ServerInfo>(empty);
  useEffect(() => {
    let alive = true;
    const load = () => {
      fetch("/api/health")
        .then((response) => (response.ok ? response.json() : null))
        .then((body: unknown) => {
          if (alive && body !== null) setInfo(parseServerInfo(body));
        })
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, 10 * 60_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  return info;
};
