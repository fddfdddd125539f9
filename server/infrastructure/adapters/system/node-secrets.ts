import { Effect, Layer } from "effect";
import { createHash, randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from "node:crypto";
import { Secrets } from "../../../application/ports/secrets.ts";

const sameHex = (a: string, b: string): boolean => {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
};

/** scrypt in the libuv thread pool, not on the event loop. */
const scrypt = (pin: string, salt: Buffer): Effect.Effect<Buffer> =>
  Effect.callback<Buffer>((resume) => {
    scryptCallback(
      pin.normalize("NFKC"),
      salt,
      32,
      { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 },
      (error, key) => {
        resume(error === null ? Effect.succeed(key) : Effect.die(error));
      },
    );
  });

export const makeNodeSecrets = () =>
  Secrets.of({
    newToken: () => `mt_${randomBytes(24).toString("base64url")}`,
    hashToken: (token) => createHash("sha256").update(token, "utf8").digest("hex"),
    sameHash: sameHex,
    hashPin: (pin) => {
      const salt = randomBytes(16);
      return Effect.map(scrypt(pin, salt), (key) => `scrypt$${salt.toString("hex")}$${key.toString("hex")}`);
    },
    verifyPin: (pin, stored) => {
      const [scheme, saltHex, hashHex] = stored.split("$");
      if (scheme !== "scrypt" || saltHex === undefined || hashHex === undefined) return Effect.succeed(false);
      return Effect.map(scrypt(pin, Buffer.from(saltHex, "hex")), (key) => sameHex(key.toString("hex"), hashHex));
    },
    newPin: () => String(randomInt(0, 1_000_000)).padStart(6, "0"),
  });

export const NodeSecretsLive = Layer.sync(Secrets, makeNodeSecrets);
