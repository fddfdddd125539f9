import { Agent, request } from "node:http";

/** A keep-alive JSON client for setting up labs and publishing (lighter than fetch). */
export interface HttpJson {
  readonly send: (
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ readonly status: number; readonly body: string }>;
  readonly json: <T>(method: string, path: string, body?: unknown) => Promise<T>;
  readonly close: () => void;
}

export const makeHttpJson = (baseUrl: string, headers: Readonly<Record<string, string>>, maxSockets = 64): HttpJson => {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const send = (method: string, path: string, body?: unknown) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      const req = request(
        `${baseUrl}${path}`,
        {
          method,
          agent,
          headers:
            payload === undefined
              ? headers
              : {
                  ...headers,
                  "content-type": "application/json",
                  "content-length": String(Buffer.byteLength(payload)),
                },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  return {
    send,
    json: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const answer = await send(method, path, body);
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body.slice(0, 300)}`);
      return JSON.parse(answer.body) as T;
    },
    close: () => agent.destroy(),
  };
};

/** Runs `work` over `items` with at most `limit` at a time. */
export const forEachLimited = async <T>(
  items: ReadonlyArray<T>,
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) await work(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
};
