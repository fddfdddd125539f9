import type { FastifyInstance } from "fastify";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { HttpError, sendError } from "./api-error.ts";

/**
 * Requests Node's HTTP parser turns away before Fastify sees them (headers too large, bad
 * characters, broken framing, slow headers), answered in the API's error shape and then closed.
 */

interface Rejection {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const rejectionOf = (errorCode: string | undefined): Rejection => {
  switch (errorCode) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, code: "headers_too_large", message: "The request headers are too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, code: "request_timeout", message: "The request took too long to arrive" };
    case "HPE_INVALID_HEADER_TOKEN":
      return {
        status: 400,
        code: "bad_request",
        message: "A request header has a bad name or value (characters not allowed in HTTP headers)",
      };
    case "HPE_INVALID_METHOD":
      return { status: 400, code: "bad_request", message: "The request method is not valid HTTP" };
    case "HPE_INVALID_URL":
      return { status: 400, code: "bad_request", message: "The request address is not valid HTTP" };
    default:
      return { status: 400, code: "bad_request", message: "The request is not valid HTTP" };
  }
};

/** The raw bytes of a small, closing JSON answer. */
export const rawErrorResponse = (rejection: Rejection): string => {
  const body = JSON.stringify({ error: { code: rejection.code, message: rejection.message } });
  return [
    `HTTP/1.1 ${rejection.status} ${STATUS_CODES[rejection.status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
};

/** Node's view of the response being written on this socket, if any (`socket._httpMessage`). */
const responseStarted = (socket: Socket): boolean => {
  const current: unknown = Reflect.get(socket, "_httpMessage");
  return typeof current === "object" && current !== null && Reflect.get(current, "headersSent") === true;
};

/** Fastify's `clientErrorHandler`: Node's own rejections in the documented shape. */
export const answerClientError = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  // Mid-response (a pipelined request broke while an answer was being sent): nothing sane to add.
  if (!socket.writable || responseStarted(socket)) {
    socket.destroy();
    return;
  }
  // Closed once the answer is out: a client still sending (slow headers) must not hold the socket.
  socket.end(rawErrorResponse(rejectionOf(error.code)), () => socket.destroy());
  setTimeout(() => socket.destroy(), 5_000).unref();
};

/**
 * The other answers Node would write itself, with an empty body: a missing Host on HTTP/1.1
 * (Node's check is switched off so this hook answers it) and an `Expect` other than 100-continue.
 */
export const registerNodeRejections = (app: FastifyInstance): void => {
  app.addHook("onRequest", (request, reply, done) => {
    if (request.raw.httpVersion === "1.1" && (request.headers.host === undefined || request.headers.host === "")) {
      reply.header("connection", "close");
      sendError(reply, new HttpError(400, "missing_host", "An HTTP/1.1 request must name the server in a Host header"));
      return;
    }
    done();
  });
  app.server.on("checkExpectation", (_request, response) => {
    const body = JSON.stringify({
      error: { code: "expectation_failed", message: "Only 'Expect: 100-continue' is supported" },
    });
    response.writeHead(417, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(body),
      "cache-control": "no-store",
      connection: "close",
    });
    response.end(body);
  });
};
