import type { IncomingMessage, RequestListener, Server, ServerResponse } from "node:http";

/**
 * Looks at a request first: true when it took it (it may still hand it to Fastify later with
 * `passOn`), false to let Fastify have it at once.
 */
export type StreamTakeover = (req: IncomingMessage, res: ServerResponse, passOn: RequestListener) => boolean;

/**
 * Puts `takeover` in front of the server's request listeners (Fastify's): stream requests it takes
 * never get Fastify's Request, Reply or request logger, which a hijacked response would keep alive
 * for as long as the stream lasts. Every other request reaches Fastify untouched.
 */
export const installStreamTakeover = (server: Server, takeover: StreamTakeover): void => {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  const passOn: RequestListener = (req, res) => {
    for (const listener of listeners) listener.call(server, req, res);
  };
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (!takeover(req, res, passOn)) passOn(req, res);
  });
};
