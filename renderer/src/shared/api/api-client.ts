/** JSON over fetch against the lab server's /api, with the error shapes of docs/protocol.md. */

export interface ApiErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly details?: unknown };
  readonly current?: unknown;
}

/** The server answered with an error status. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly status: number;
  readonly code: string;
  /** The current state on a 409 (the item or run as it is now). */
  readonly current: unknown;
  /** Seconds from Retry-After (429/503), if any. */
  readonly retryAfter: number | null;
  constructor(status: number, code: string, message: string, current: unknown, retryAfter: number | null) {
    super(message);
    this.status = status;
    this.code = code;
    this.current = current;
    this.retryAfter = retryAfter;
  }
}

/** No answer: the network is down, the server is restarting, or a proxy gave up. Worth retrying. */
export class NoAnswerError extends Error {
  override readonly name = "NoAnswerError";
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

const errorOf = (status: number, body: unknown, retryAfterHeader: string | null): ApiError => {
  const shaped: ApiErrorBody = isRecord(body) ? body : {};
  const retryAfter = retryAfterHeader === null ? null : Number(retryAfterHeader);
  return new ApiError(
    status,
    shaped.error?.code ?? "http_error",
    shaped.error?.message ?? `HTTP ${status}`,
    shaped.current,
    retryAfter !== null && Number.isFinite(retryAfter) ? retryAfter : null,
  );
};

export interface ApiClient {
  readonly request: <T>(method: string, path: string, body?: unknown, signal?: AbortSignal) => Promise<T>;
  readonly get: <T>(path: string, signal?: AbortSignal) => Promise<T>;
}

/** `token` is read on every call, so signing in or out takes effect at once. */
export const createApiClient = (token: () => string | null): ApiClient => {
  const request = async <T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    const headers: Record<string, string> = { accept: "application/json" };
    const bearer = token();
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal === undefined ? {} : { signal }),
        cache: "no-store",
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new NoAnswerError(error instanceof Error ? error.message : String(error));
    }
    const text = await response.text().catch(() => "");
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    // A gateway or a server that is shutting down: the request never really got an answer.
    if (response.status === 502 || response.status === 504 || (response.status === 503 && !isRecord(parsed))) {
      throw new NoAnswerError(`HTTP ${response.status}`);
    }
    throw errorOf(response.status, parsed, response.headers.get("retry-after"));
  };
  return { request, get: (path, signal) => request("GET", path, undefined, signal) };
};
