import { request } from "node:http";
import type { IncomingHttpHeaders } from "node:http";

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  /** Sent as given; `host` replaces the one node:http would send (fetch cannot set Host). */
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: unknown;
}

const parseJson = (text: string): unknown => {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * One HTTP/1.1 request over node:http, with full control of every header (Host, Origin,
 * Content-Type, none at all). A server that answers before reading the whole body (413) may
 * reset the socket while we still write: the answer it sent is what counts.
 */
export const rawRequest = (baseUrl: string, init: RawRequest): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    let answered = false;
    const req = request(new URL(init.path, baseUrl), { method: init.method, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.end(init.body);
  });
