import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installStreamTakeover } from "../../../server/http/sse/stream-takeover.ts";

const servers: Array<ReturnType<typeof createServer>> = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe("installStreamTakeover: a request listener in front of Fastify's", () => {
  it("answers what it takes, passes the rest on at once, and may pass a taken one on later", async () => {
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req.url ?? "");
      res.end(`framework ${req.url}`);
    });
    servers.push(server);
    installStreamTakeover(server, (req, res, passOn) => {
      if (req.url === "/mine") {
        res.end("taken");
        return true;
      }
      if (req.url === "/later") {
        setTimeout(() => passOn(req, res), 10);
        return true;
      }
      return false;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const text = async (path: string) => (await fetch(`http://127.0.0.1:${port}${path}`)).text();
    expect(await text("/mine")).toBe("taken");
    expect(await text("/other")).toBe("framework /other");
    expect(await text("/later")).toBe("framework /later");
    expect(seen).toEqual(["/other", "/later"]);
    expect(server.listenerCount("request")).toBe(1);
  });
});
