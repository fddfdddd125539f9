import type { Effect } from "effect";
import { Context } from "effect";
import type { NotFound } from "../../domain/errors.ts";
import type { TokenKind } from "../../domain/actor-name.ts";
import type { Role } from "../../domain/requests.ts";

export type { TokenKind };

export interface Principal {
  readonly tokenId: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: TokenKind;
}

export interface TokenInfo {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: TokenKind;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface NewTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly kind: TokenInfo["kind"];
  /** Hex SHA-256 of the secret: the secret itself is never stored. */
  readonly hash: string;
  readonly now: number;
}

/** Hashed tokens and the lab PIN hash. */
export class TokenStore extends Context.Service<
  TokenStore,
  {
    readonly insert: (record: NewTokenRecord) => Effect.Effect<TokenInfo>;
    /** The active (not revoked) token whose hash matches, if any. */
    readonly findActiveByHash: (hash: string) => Effect.Effect<Principal | undefined>;
    readonly revoke: (id: string, now: number) => Effect.Effect<TokenInfo, NotFound>;
    /** Revokes every active token of this kind; returns how many. */
    readonly revokeKind: (kind: TokenInfo["kind"], now: number) => Effect.Effect<number>;
    readonly list: Effect.Effect<ReadonlyArray<TokenInfo>>;
    readonly getSetting: (key: string) => Effect.Effect<string | undefined>;
    readonly putSetting: (key: string, value: string) => Effect.Effect<void>;
  }
>()("medi-test/TokenStore") {}
