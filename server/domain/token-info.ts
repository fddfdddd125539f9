import { Schema } from "effect";
import { Role } from "./requests.ts";

/** A token as the API lists it: never its secret. */
export const TokenInfo = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  role: Role,
  kind: Schema.String,
  createdAt: Schema.String,
  revokedAt: Schema.NullOr(Schema.String),
});
export type TokenInfo = typeof TokenInfo.Type;

/** The answer to creating a token: the only time its secret is shown. */
export const CreatedToken = Schema.Struct({ ...TokenInfo.fields, token: Schema.String });
export type CreatedToken = typeof CreatedToken.Type;

export const TokenList = Schema.Struct({ tokens: Schema.Array(TokenInfo) });
export type TokenList = typeof TokenList.Type;
