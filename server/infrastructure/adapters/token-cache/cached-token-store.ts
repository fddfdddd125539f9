import { Effect, Layer } from "effect";
import { TokenStore } from "../../../application/ports/token-store.ts";
import { makePrincipalCache, type PrincipalCache, type PrincipalCacheOptions } from "./principal-cache.ts";

/**
 * Another instance's revoke (or PIN change) holds here within this long: the worst case between
 * instances (docs/decisions.md §33). This instance's own revokes hold at once.
 */
export const tokenCacheMaxAgeMs = 2_000;

export const defaultTokenCacheOptions = (): PrincipalCacheOptions => ({
  maxEntries: 10_000,
  maxAgeMs: tokenCacheMaxAgeMs,
  now: () => performance.now(),
});

/**
 * A TokenStore that answers `findActiveByHash` from `cache` while it can and forgets what a
 * revoke through it touches; everything else goes straight to `inner`.
 */
export const makeCachedTokenStore = (inner: TokenStore["Service"], cache: PrincipalCache): TokenStore["Service"] =>
  TokenStore.of({
    ...inner,
    findActiveByHash: (hash) =>
      Effect.suspend(() => {
        const cached = cache.get(hash);
        if (cached !== undefined) return Effect.succeed(cached);
        const generation = cache.generation();
        return Effect.map(inner.findActiveByHash(hash), (principal) => {
          if (principal !== undefined) cache.set(hash, principal, generation);
          return principal;
        });
      }),
    // Forgotten once the store has the revoke, whatever its outcome: a lookup ending after this
    // reads the revoked row, one that ended before is dropped here.
    revoke: (id, now) =>
      Effect.ensuring(
        inner.revoke(id, now),
        Effect.sync(() => cache.invalidate((principal) => principal.tokenId === id)),
      ),
    revokeKind: (kind, now) =>
      Effect.ensuring(
        inner.revokeKind(kind, now),
        Effect.sync(() => cache.invalidate((principal) => principal.kind === kind)),
      ),
  });

/** Puts the token cache in front of the TokenStore `store` provides. */
export const withTokenCache = <E, R>(
  store: Layer.Layer<TokenStore, E, R>,
  options: PrincipalCacheOptions = defaultTokenCacheOptions(),
): Layer.Layer<TokenStore, E, R> =>
  Layer.effect(
    TokenStore,
    Effect.gen(function* () {
      return makeCachedTokenStore(yield* TokenStore, makePrincipalCache(options));
    }),
  ).pipe(Layer.provide(store));
