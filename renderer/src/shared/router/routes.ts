/** The client routes; the server serves index.html for exactly these paths. */
export type Route =
  | { readonly page: "home" }
  | { readonly page: "board" }
  | { readonly page: "run-board"; readonly runId: string }
  | { readonly page: "runs" }
  | { readonly page: "run"; readonly runId: string }
  | { readonly page: "login" }
  | { readonly page: "not-found" };

const decode = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

export const matchRoute = (pathname: string): Route => {
  const parts = pathname
    .replace(/\/+$/, "")
    .split("/")
    .filter((part) => part.length > 0);
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { page: "not-found" };
  if (first === undefined) return { page: "home" };
  const id = second === undefined ? undefined : decode(second);
  if (id === null) return { page: "not-found" };
  if (first === "board") return id === undefined ? { page: "board" } : { page: "run-board", runId: id };
  if (first === "runs") return id === undefined ? { page: "runs" } : { page: "run", runId: id };
  if (first === "login" && id === undefined) return { page: "login" };
  return { page: "not-found" };
};

export const paths = {
  home: "/",
  board: "/board",
  runBoard: (runId: string) => `/board/${encodeURIComponent(runId)}`,
  runs: "/runs",
  run: (runId: string) => `/runs/${encodeURIComponent(runId)}`,
  login: (next?: string) => (next === undefined ? "/login" : `/login?next=${encodeURIComponent(next)}`),
} as const;
