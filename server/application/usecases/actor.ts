import type { Principal } from "../ports/token-store.ts";

/** Who asks: a token's principal, or null for an anonymous viewer. */
export type Actor = Principal | null;
