import { Effect } from "effect";
import { Forbidden, Unauthorized } from "../../domain/errors.ts";
import type { Role } from "../../domain/requests.ts";
import { Secrets } from "../ports/secrets.ts";
import { type Principal, TokenStore } from "../ports/token-store.ts";
import { AuthSettings } from "../ports/auth-settings.ts";

const rank: Record<Role, number> = { viewer: 0, tester: 1, admin: 2 };

/** Parses `Authorization: Bearer <token>`; anything else present is an error, absent is undefined. */
export const bearerToken = (header: string | undefined): string | undefined | Unauthorized => {
  if (header === undefined || header === "") return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{8,200})\s*$/i.exec(header);
  return match?.[1] ?? new Unauthorized({ reason: "Authorization must be 'Bearer <token>'" });
};

/**
 * Resolves a bearer token to its principal; an unknown or revoked token is Unauthorized. Untraced,
 * like everything on every request's path: a span and two stack captures per call, and nothing
 * exports spans.
 */
export const authenticate = Effect.fnUntraced(function* (token: string) {
  const secrets = yield* Secrets;
  const store = yield* TokenStore;
  const settings = yield* AuthSettings;
  const hash = secrets.hashToken(token);
  if (settings.adminTokenHash !== undefined && secrets.sameHash(hash, settings.adminTokenHash)) {
    return { tokenId: "admin", name: "admin", role: "admin", kind: "bootstrap" } satisfies Principal;
  }
  const principal = yield* store.findActiveByHash(hash);
  if (principal === undefined) return yield* new Unauthorized({ reason: "This token is unknown or was revoked" });
  return principal;
});

/**
 * What a request may do: anonymous viewers may read unless the lab requires a read token;
 * writing needs a tester token; admin routes need an admin token.
 */
export const authorize = Effect.fnUntraced(function* (principal: Principal | null, needed: Role) {
  const settings = yield* AuthSettings;
  if (principal === null) {
    if (needed === "viewer" && !settings.requireReadToken) return null;
    return yield* new Unauthorized({
      reason:
        needed === "viewer"
          ? "This lab requires a read token to view results: send Authorization: Bearer <token> (streams also take ?access_token=<token>; boards open with ?access_token=<token>)"
          : `A ${needed} token is required`,
    });
  }
  if (rank[principal.role] < rank[needed]) {
    return yield* new Forbidden({ reason: `This needs the ${needed} role; your token is ${principal.role}` });
  }
  return principal;
});
