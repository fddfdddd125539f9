import { Effect, Schema } from "effect";
import {
  createToken,
  listTokens,
  revokeToken,
  changeLabPin,
  startSession,
} from "../../application/usecases/manage-tokens.ts";
import { CreateTokenBody, PinBody, Role, SessionBody, TokenParams } from "../../domain/requests.ts";
import { CreatedToken, TokenInfo, TokenList } from "../../domain/token-info.ts";
import { route } from "../route-spec.ts";

export const authRoutes = [
  route({
    method: "POST",
    url: "/api/session",
    summary: "Sign in as a tester with the lab PIN and a display name; returns a tester token",
    tag: "auth",
    role: "viewer",
    body: SessionBody,
    throttled: true,
    credentialInBody: true,
    status: 201,
    response: Schema.Struct({ token: Schema.String, name: Schema.String, role: Role, id: Schema.String }),
    handler: ({ body }) => startSession(body),
  }),
  route({
    method: "GET",
    url: "/api/session",
    summary: "Who this token belongs to",
    tag: "auth",
    role: "viewer",
    response: Schema.Struct({ name: Schema.NullOr(Schema.String), role: Role }),
    handler: ({ principal }) => Effect.succeed({ name: principal?.name ?? null, role: principal?.role ?? "viewer" }),
  }),
  route({
    method: "GET",
    url: "/api/tokens",
    summary: "List tokens (never their secrets)",
    tag: "auth",
    role: "admin",
    response: TokenList,
    handler: () => Effect.map(listTokens(), (tokens) => ({ tokens })),
  }),
  route({
    method: "POST",
    url: "/api/tokens",
    summary: "Create a viewer (read-only), tester or admin token; the secret is shown only in this answer",
    tag: "auth",
    role: "admin",
    body: CreateTokenBody,
    status: 201,
    response: CreatedToken,
    handler: ({ body }) => createToken(body),
  }),
  route({
    method: "DELETE",
    url: "/api/tokens/:id",
    summary: "Revoke a token at once",
    tag: "auth",
    role: "admin",
    params: TokenParams,
    response: TokenInfo,
    handler: ({ params }) => revokeToken(params.id),
  }),
  route({
    method: "PUT",
    url: "/api/settings/pin",
    summary:
      "Change the lab PIN: every tester session signed in with the old PIN ends, and the PIN note in the data dir is rewritten",
    tag: "auth",
    role: "admin",
    body: PinBody,
    status: 204,
    handler: ({ body }) => changeLabPin(body.pin),
  }),
];
