import type { IncomingHttpHeaders } from "node:http";

/** A stream request as Node hands it over: nothing parsed yet. */
export interface RawStreamRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly httpVersion: string;
  readonly headers: IncomingHttpHeaders;
}

/** Which stream route a plain request is for, with its path parameter and query as Fastify would read them. */
export type PlainStreamRequest =
  | { readonly route: "run"; readonly params: { readonly id: string }; readonly query: Record<string, string> }
  | { readonly route: "runs"; readonly query: Record<string, string> };

const runStreamPath = /^\/api\/test-runs\/([A-Za-z0-9_-]{1,64})\/stream$/;
const streamPath = "/api/stream";
/** Only these characters: the query then reads the same whatever decodes it (no %, +, ;, duplicates). */
const plainQuery = /^[A-Za-z0-9._~,:=&-]*$/;
const queryKeys = new Set(["runs", "all", "lastEventId", "access_token"]);

const parseQuery = (raw: string): Record<string, string> | undefined => {
  if (!plainQuery.test(raw)) return undefined;
  const query: Record<string, string> = {};
  if (raw === "") return query;
  for (const pair of raw.split("&")) {
    const at = pair.indexOf("=");
    const key = at < 0 ? pair : pair.slice(0, at);
    if (!queryKeys.has(key) || Object.hasOwn(query, key)) return undefined;
    query[key] = at < 0 ? "" : pair.slice(at + 1);
  }
  return query;
};

/**
 * A GET of a stream URL that Fastify's router and hooks would pass to the stream route unchanged:
 * an exact path, a plain query of the route's own keys, a Host on HTTP/1.1, no `Expect`.
 * Anything else (HEAD, an odd URL or query, a missing Host) is undefined: Fastify answers it
 * as before. What the route checks (token, input, the run) is not looked at here.
 */
export const plainStreamRequest = (request: RawStreamRequest): PlainStreamRequest | undefined => {
  if (request.method !== "GET" || request.url === undefined) return undefined;
  if (request.httpVersion === "1.1" && (request.headers.host === undefined || request.headers.host === "")) {
    return undefined;
  }
  if (request.headers.expect !== undefined) return undefined;
  const mark = request.url.indexOf("?");
  const path = mark < 0 ? request.url : request.url.slice(0, mark);
  const query = parseQuery(mark < 0 ? "" : request.url.slice(mark + 1));
  if (query === undefined) return undefined;
  if (path === streamPath) return { route: "runs", query };
  const id = runStreamPath.exec(path)?.[1];
  return id === undefined ? undefined : { route: "run", params: { id }, query };
};
