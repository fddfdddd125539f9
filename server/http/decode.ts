import { Exit, Schema, SchemaIssue } from "effect";
import { HttpError } from "./api-error.ts";

const formatter = SchemaIssue.makeFormatterStandardSchemaV1();

export type Decoder<A> = Schema.Codec<A, unknown>;

/** Decodes outside input; unknown keys are rejected so a typo never passes silently. */
export const decodeInput = <A>(schema: Decoder<A>, input: unknown, part: "body" | "query" | "params" | "header"): A => {
  const exit = Schema.decodeUnknownExit(schema)(input, { errors: "all", onExcessProperty: "error" });
  if (Exit.isSuccess(exit)) return exit.value;
  const error = exit.cause.reasons.find((r) => r._tag === "Fail")?.error;
  const issues =
    error !== undefined && Schema.isSchemaError(error)
      ? formatter(error.issue).issues.map((i) => ({ path: (i.path ?? []).map(String).join("."), message: i.message }))
      : [];
  const where = issues[0]?.path ? ` at ${issues[0].path}` : "";
  throw new HttpError(
    400,
    `invalid_${part}`,
    `The request ${part} is not valid${where}: ${issues[0]?.message ?? "unreadable"}`,
    {
      details: issues,
    },
  );
};

/** If-Match: `3`, `"3"` or `W/"3"` → 3; absent → undefined; anything else → 400. */
export const decodeIfMatch = (header: string | string[] | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(value ?? "");
  if (match?.[1] === undefined) {
    throw new HttpError(400, "invalid_header", 'If-Match must be the item\'s version, e.g. If-Match: "3"');
  }
  return Number(match[1]);
};
