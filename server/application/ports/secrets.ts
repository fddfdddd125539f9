import type { Effect } from "effect";
import { Context } from "effect";

/** Token and PIN cryptography. */
export class Secrets extends Context.Service<
  Secrets,
  {
    /** A new random bearer token (high entropy, URL-safe). */
    readonly newToken: () => string;
    /** Hex SHA-256 of a token: what is stored and looked up. */
    readonly hashToken: (token: string) => string;
    /** Constant-time equality of two hex hashes. */
    readonly sameHash: (a: string, b: string) => boolean;
    /** Salted, slow hash of a PIN (PINs are short, so a plain hash would be guessable offline). */
    readonly hashPin: (pin: string) => Effect.Effect<string>;
    /** Off the event loop: a PIN check must not stall every live stream. */
    readonly verifyPin: (pin: string, stored: string) => Effect.Effect<boolean>;
    /** A new numeric lab PIN. */
    readonly newPin: () => string;
  }
>()("medi-test/Secrets") {}
