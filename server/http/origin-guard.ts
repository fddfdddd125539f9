import { hostname } from "node:os";
import { isIP } from "node:net";

const hostOnly = (host: string): string => {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(1, trimmed.indexOf("]"));
  const colon = trimmed.lastIndexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
};

/**
 * Host names the lab server takes writes and admin requests for: IP literals, localhost, this machine's
 * name, and any configured extras. A page on another domain that rebinds its DNS to the lab
 * server still sends its own name as Host, and is refused.
 */
export const makeHostCheck = (extraHosts: ReadonlyArray<string>) => {
  const machine = hostname().toLowerCase();
  const known = new Set([machine, `${machine}.local`, "localhost", ...extraHosts.map((h) => h.toLowerCase())]);
  return (hostHeader: string | undefined): boolean => {
    if (hostHeader === undefined || hostHeader === "") return false;
    const host = hostOnly(hostHeader);
    return isIP(host) !== 0 || known.has(host) || host.endsWith(".localhost");
  };
};

/** A write from a browser page must come from this server's own origin (no cross-site writes). */
export const isSameOrigin = (
  origin: string | undefined,
  hostHeader: string | undefined,
  allowed: ReadonlyArray<string>,
): boolean => {
  if (origin === undefined) return true; // curl, CI jobs: no Origin header; their token is the check
  if (allowed.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return hostHeader !== undefined && url.host.toLowerCase() === hostHeader.trim().toLowerCase();
  } catch {
    return false;
  }
};
