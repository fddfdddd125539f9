import { Schema } from "effect";

/** A run id as the server makes them (ULID-like) — also all a URL path segment may carry here. */
export const RunId = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9_-]{1,64}$/));

/** What one screen shows: every active run, a chosen few, one run's board, or nothing. */
export const BoardChoice = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("all") }),
  Schema.Struct({
    kind: Schema.Literal("runs"),
    runIds: Schema.Array(RunId).check(Schema.isMinLength(1), Schema.isMaxLength(50)),
  }),
  Schema.Struct({ kind: Schema.Literal("run"), runId: RunId }),
  Schema.Struct({ kind: Schema.Literal("none") }),
]);
export type BoardChoice = typeof BoardChoice.Type;

/** The path a kiosk window loads for a choice; undefined for "none" (no window on that screen). */
export const boardPath = (choice: BoardChoice): string | undefined => {
  switch (choice.kind) {
    case "all":
      return "/board";
    case "runs":
      return `/board?runs=${choice.runIds.map(encodeURIComponent).join(",")}`;
    case "run":
      return `/board/${encodeURIComponent(choice.runId)}`;
    case "none":
      return undefined;
  }
};

/**
 * `base` is an origin such as http://127.0.0.1:4310; `readToken`, when the host hides its results,
 * goes in the address (`?access_token=`), which is where the boards read it from and keep it.
 */
export const boardUrl = (base: string, choice: BoardChoice, readToken: string | null = null): string | undefined => {
  const path = boardPath(choice);
  if (path === undefined) return undefined;
  const url = new URL(path, base).toString();
  // Appended as it is, so the rest keeps its spelling (`runs=a,b` stays readable).
  return readToken === null
    ? url
    : `${url}${url.includes("?") ? "&" : "?"}access_token=${encodeURIComponent(readToken)}`;
};
