import { Deferred, Effect, Fiber } from "effect";
import { describe, expect, it } from "vitest";
import { type Principal, TokenStore } from "../../../../../server/application/ports/token-store.ts";
import { NotFound } from "../../../../../server/domain/errors.ts";
import { makeCachedTokenStore } from "../../../../../server/infrastructure/adapters/token-cache/cached-token-store.ts";
import { makePrincipalCache } from "../../../../../server/infrastructure/adapters/token-cache/principal-cache.ts";

const principal = (id: string, kind: Principal["kind"] = "issued"): Principal => ({
  tokenId: id,
  name: id,
  role: "tester",
  kind,
});

/** A store of active tokens by hash that counts its lookups; `gate` holds lookups until opened. */
const fakeStore = (gate?: Deferred.Deferred<void>) => {
  const active = new Map<string, Principal>();
  const calls = { lookups: 0 };
  const store = TokenStore.of({
    insert: () => Effect.die("unused"),
    findActiveByHash: (hash) =>
      Effect.gen(function* () {
        calls.lookups += 1;
        const found = active.get(hash);
        if (gate !== undefined) yield* Deferred.await(gate);
        return found;
      }),
    revoke: (id) =>
      Effect.sync(() => {
        for (const [hash, p] of active) if (p.tokenId === id) active.delete(hash);
      }).pipe(Effect.andThen(Effect.fail(new NotFound({ entity: "token", id })))),
    revokeKind: (kind) =>
      Effect.sync(() => {
        let n = 0;
        for (const [hash, p] of active)
          if (p.kind === kind) {
            active.delete(hash);
            n += 1;
          }
        return n;
      }),
    list: Effect.succeed([]),
    getSetting: () => Effect.succeed(undefined),
    putSetting: () => Effect.void,
  });
  return { active, calls, store };
};

const clock = () => {
  const state = { now: 0 };
  return { state, now: () => state.now };
};

describe("the token cache", () => {
  it("answers a known token from memory until it is older than maxAgeMs, then asks the store again", async () => {
    const { active, calls, store } = fakeStore();
    const time = clock();
    const cached = makeCachedTokenStore(store, makePrincipalCache({ maxEntries: 10, maxAgeMs: 2_000, now: time.now }));
    active.set("h1", principal("t1"));
    for (let i = 0; i < 5; i++) expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toEqual(principal("t1"));
    expect(calls.lookups).toBe(1);
    // Revoked elsewhere (straight in the store): believed until the entry is maxAgeMs old.
    active.delete("h1");
    time.state.now = 1_999;
    expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toEqual(principal("t1"));
    time.state.now = 2_000;
    expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toBeUndefined();
    expect(calls.lookups).toBe(2);
  });

  it("never keeps an unknown token: one issued later works at its first use", async () => {
    const { active, calls, store } = fakeStore();
    const cached = makeCachedTokenStore(store, makePrincipalCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => 0 }));
    expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toBeUndefined();
    active.set("h1", principal("t1"));
    expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toEqual(principal("t1"));
    expect(calls.lookups).toBe(2);
  });

  it("forgets a token revoked through it at once, even when the revoke fails, and a kind revoked at once", async () => {
    const { active, store } = fakeStore();
    const cached = makeCachedTokenStore(store, makePrincipalCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => 0 }));
    active.set("h1", principal("t1"));
    active.set("h2", principal("t2", "session"));
    active.set("h3", principal("t3", "session"));
    for (const hash of ["h1", "h2", "h3"]) await Effect.runPromise(cached.findActiveByHash(hash));
    await Effect.runPromise(Effect.exit(cached.revoke("t1", 1)));
    expect(await Effect.runPromise(cached.findActiveByHash("h1"))).toBeUndefined();
    expect(await Effect.runPromise(cached.revokeKind("session", 1))).toBe(2);
    expect(await Effect.runPromise(cached.findActiveByHash("h2"))).toBeUndefined();
    expect(await Effect.runPromise(cached.findActiveByHash("h3"))).toBeUndefined();
  });

  it("does not keep what a lookup read before a revoke that ended while it was under way", async () => {
    const gate = Deferred.makeUnsafe<void>();
    const { active, store } = fakeStore(gate);
    const cache = makePrincipalCache({ maxEntries: 10, maxAgeMs: 60_000, now: () => 0 });
    const cached = makeCachedTokenStore(store, cache);
    active.set("h1", principal("t1"));
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        const lookup = yield* Effect.forkChild(cached.findActiveByHash("h1"));
        yield* Effect.yieldNow;
        yield* Effect.exit(cached.revoke("t1", 1));
        yield* Deferred.succeed(gate, undefined);
        return yield* Fiber.join(lookup);
      }),
    );
    // The lookup read the row before the revoke: its answer stands, but it is not remembered.
    expect(result).toEqual(principal("t1"));
    expect(cache.size()).toBe(0);
  });

  it("keeps at most maxEntries, dropping the one stored longest ago", () => {
    const cache = makePrincipalCache({ maxEntries: 2, maxAgeMs: 60_000, now: () => 0 });
    cache.set("a", principal("a"), cache.generation());
    cache.set("b", principal("b"), cache.generation());
    cache.set("c", principal("c"), cache.generation());
    expect(cache.size()).toBe(2);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toEqual(principal("c"));
  });
});
