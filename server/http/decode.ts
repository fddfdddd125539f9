import { Exit, Schema, SchemaIssue } from "effect";
import { HttpError } from "./api-error.ts";

const formatter = SchemaIssue.makeFormatterStandardSchemaV1();

export type Decoder<A> = Schema.Codec<A, unknown>;

type Part = "body" | "query" | "params" | "header";

const parseOptions = { errors: "all", onExcessProperty: "error" } as const;

/**
 * A decoder of outside input, built once per schema (a route's decoders are made when it is
 * registered, not per request); unknown keys are rejected so a typo never passes silently.
 * Bad input throws the 400 HttpError to answer with.
 */
export const inputDecoder = <A>(schema: Decoder<A>, part: Part): ((input: unknown) => A) => {
  const decode = Schema.decodeUnknownExit(schema);
  return (input) => {
    const exit = decode(input, parseOptions);
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
      { details: issues },
    );
  };
};

/** Decodes outside input once (routes outside the route table); see inputDecoder. */
export const decodeInput = <A>(schema: Decoder<A>, input: unknown, part: Part): A => inputDecoder(schema, part)(input);

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
